/// A day of the week. Raw values match `Calendar`'s `weekday` component (1 = Sunday … 7 = Saturday).
///
/// Codable as the lowercase English name (`"monday"`); decoding also accepts any letter case and
/// three-letter abbreviations (`"Mon"`). A bad value fails decoding with a `DecodingError` whose
/// underlying error is the ``TextingError`` (`hours.invalid_weekday`).
public enum Weekday: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// Parses a full English day name or its three-letter abbreviation, in any letter case.
    /// Throws `hours.invalid_weekday` otherwise.
    public init(parsing text: String) throws(TextingError) {
        let key = String(HoursSyntax.trimmed(text)).lowercased()
        guard let day = Weekday.allCases.first(where: { $0.name == key || $0.name.prefix(3) == key }) else {
            throw TextingError(
                .init("hours.invalid_weekday"),
                "“\(text)” is not a day of the week. Write the English name, e.g. monday or saturday.")
        }
        self = day
    }

    /// The weekday of the date `dayNumber` days after 1970-01-01 (a Thursday).
    init(dayNumber: Int) {
        let sinceSunday = ((dayNumber % 7) + 7 + 4) % 7
        // sinceSunday is 0...6, so sinceSunday + 1 is always a valid raw value.
        self = Weekday(rawValue: sinceSunday + 1) ?? .sunday
    }

    /// The lowercase English name, e.g. `"monday"`.
    public var name: String {
        switch self {
        case .sunday: "sunday"
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        }
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Weekday(parsing: text) } catch { throw HoursSyntax.decodingError(error, decoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
