import Foundation

extension ConversationHours {
    private enum CodingKeys: String, CodingKey {
        case timeZone, weekly, exceptions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identifier = try container.decode(String.self, forKey: .timeZone)
        let zone: TimeZone
        do {
            zone = try Self.timeZone(identifier: identifier)
        } catch {
            throw HoursSyntax.decodingError(error, at: container.codingPath + [CodingKeys.timeZone])
        }

        var weekly: [Weekday: [OpenInterval]] = [:]
        let weeklyPath = container.codingPath + [CodingKeys.weekly]
        for (name, intervals) in try container.decodeIfPresent([String: [OpenInterval]].self, forKey: .weekly) ?? [:] {
            do {
                // "Monday" and "monday" in one object are the same day: keep all their intervals.
                weekly[try Weekday(parsing: name), default: []].append(contentsOf: intervals)
            } catch {
                throw HoursSyntax.decodingError(error, at: weeklyPath + [HoursCodingKey(stringValue: name)])
            }
        }

        var exceptions: [LocalDate: HoursException] = [:]
        let exceptionsPath = container.codingPath + [CodingKeys.exceptions]
        for (text, exception) in try container.decodeIfPresent([String: HoursException].self, forKey: .exceptions)
            ?? [:] {
            do {
                exceptions[try LocalDate(parsing: text)] = exception
            } catch {
                throw HoursSyntax.decodingError(error, at: exceptionsPath + [HoursCodingKey(stringValue: text)])
            }
        }
        self.init(timeZone: zone, weekly: weekly, exceptions: exceptions)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encode(
            Dictionary(uniqueKeysWithValues: weekly.map { ($0.key.name, $0.value) }), forKey: .weekly)
        try container.encode(
            Dictionary(uniqueKeysWithValues: exceptions.map { ($0.key.description, $0.value) }), forKey: .exceptions)
    }
}
