/// A calendar date (proleptic Gregorian) in the practice's time zone, years 1 through 9999.
///
/// Ordering is chronological. Codable as the string `"YYYY-MM-DD"` (e.g. `"2026-12-25"`); a bad
/// value fails decoding with a `DecodingError` whose underlying error is the ``TextingError``
/// (`hours.invalid_date`).
public struct LocalDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1...12
    public let month: Int
    /// 1...31, valid for the month (February 29 only in leap years).
    public let day: Int

    /// Throws `hours.invalid_date` unless the date exists (year 1...9999).
    public init(year: Int, month: Int, day: Int) throws(TextingError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else {
            throw TextingError(
                .init("hours.invalid_date"),
                "\(year)-\(month)-\(day) is not a date. Use an existing day of years 1 to 9999, written YYYY-MM-DD, "
                    + "e.g. 2026-12-25.")
        }
        self.init(unchecked: year, month, day)
    }

    /// Parses `"YYYY-MM-DD"` (exactly four, two and two digits; surrounding spaces ignored).
    /// Throws `hours.invalid_date` for anything else, including dates that do not exist (`2026-02-30`).
    public init(parsing text: String) throws(TextingError) {
        let parts = HoursSyntax.trimmed(text).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let year = HoursSyntax.number(parts[0], digits: 4...4),
              let month = HoursSyntax.number(parts[1], digits: 2...2),
              let day = HoursSyntax.number(parts[2], digits: 2...2),
              let date = try? LocalDate(year: year, month: month, day: day)
        else {
            throw TextingError(
                .init("hours.invalid_date"),
                "“\(text)” is not a date. Write an existing date as YYYY-MM-DD, e.g. 2026-12-25.")
        }
        self = date
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative: before). Not range-checked.
    init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days (public domain), exact for the proleptic Gregorian calendar.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 (negative before it); consecutive dates differ by exactly 1.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil (public domain).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week of this date.
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// `"YYYY-MM-DD"`.
    public var description: String {
        HoursSyntax.fourDigits(year) + "-" + HoursSyntax.twoDigits(month) + "-" + HoursSyntax.twoDigits(day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try LocalDate(parsing: text) } catch { throw HoursSyntax.decodingError(error, decoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
