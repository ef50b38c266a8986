/// Wall-clock time of day, minute precision, from 00:00 to 24:00.
///
/// `24:00` means "the end of the day" and is only meaningful as the end of an ``OpenInterval``
/// (which rejects it as a start). Ordering is chronological within one day.
///
/// Codable as the string `"HH:MM"` (24-hour clock, e.g. `"08:30"`, `"24:00"`); decoding also
/// accepts a one-digit hour (`"8:30"`). A bad value fails decoding with a `DecodingError` whose
/// underlying error is the ``TextingError`` (`hours.invalid_time`).
public struct LocalTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// 0...23, or 24 for ``endOfDay``.
    public let hour: Int
    /// 0...59 (always 0 when `hour` is 24).
    public let minute: Int

    /// 00:00, the start of a day.
    public static let midnight = LocalTime(uncheckedMinuteOfDay: 0)
    /// 24:00, the end of a day (only valid as the end of an interval).
    public static let endOfDay = LocalTime(uncheckedMinuteOfDay: minutesPerDay)

    static let minutesPerDay = 1_440

    /// Throws `hours.invalid_time` unless `hour` is 0...23 and `minute` 0...59, or the time is 24:00.
    public init(hour: Int, minute: Int) throws(TextingError) {
        let valid = (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0)
        guard valid else {
            throw TextingError(
                .init("hours.invalid_time"),
                "\(hour):\(minute) is not a time of day. Hours go from 0 to 23 and minutes from 0 to 59, "
                    + "e.g. 08:30 or 17:00; 24:00 may only end an interval.")
        }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `"HH:MM"` or `"H:MM"` on the 24-hour clock (surrounding spaces ignored).
    /// Throws `hours.invalid_time` for anything else, including `"25:00"` and `"24:30"`.
    public init(parsing text: String) throws(TextingError) {
        let trimmed = HoursSyntax.trimmed(text)
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let hour = HoursSyntax.number(parts[0], digits: 1...2),
              let minute = HoursSyntax.number(parts[1], digits: 2...2),
              let time = try? LocalTime(hour: hour, minute: minute)
        else {
            throw TextingError(
                .init("hours.invalid_time"),
                "“\(text)” is not a time of day. Write it as HH:MM on the 24-hour clock, 00:00 to 23:59 "
                    + "(24:00 only as the end of an interval), e.g. 08:30 or 17:00.")
        }
        self = time
    }

    init(uncheckedMinuteOfDay minutes: Int) {
        self.hour = minutes / 60
        self.minute = minutes % 60
    }

    /// Minutes since the start of the day: 0...1440.
    public var minuteOfDay: Int { hour * 60 + minute }

    /// `"HH:MM"`, e.g. `"08:05"`.
    public var description: String {
        HoursSyntax.twoDigits(hour) + ":" + HoursSyntax.twoDigits(minute)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minuteOfDay < rhs.minuteOfDay }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try LocalTime(parsing: text) } catch { throw HoursSyntax.decodingError(error, decoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
