import Foundation

/// When a practice is open for conversations (A3): a weekly schedule of zero or more intervals per
/// day plus dated exceptions, read on the wall clock of the practice's time zone. Outside these
/// hours inbound texts get the after-hours reply (A1) unless staff have overridden it (A2).
///
/// How instants are answered:
/// - **Union.** The practice is open at an instant when any interval covers it; overlapping or
///   touching intervals (also across days) form one open period.
/// - **Midnight.** An interval that crosses midnight (`22:00-02:00`) belongs to the day it starts on.
/// - **Exceptions** replace the weekly intervals that *start* on their date; the tail of the previous
///   day's crossing interval still applies. `special([])` is the same as `closed`.
/// - **Daylight saving.** Intervals are wall-clock times and are DST-correct: 09:00-17:00 is open
///   09:00-17:00 local on the days the clocks change too. A start or end at a time the clocks skip
///   (02:00-02:59 on the spring-forward day in New York) falls on the moment of the jump (03:00
///   EDT), so 01:00-03:00 that day lasts one real hour. At a time the clock shows twice (01:00-01:59
///   on the fall-back day) a start uses the first occurrence and an end the second, so the interval
///   covers as much real time as the wall clock shows: 01:00-02:00 that day lasts two real hours,
///   and Saturday 22:00-01:00 before it lasts four.
/// - **Empty.** A schedule with no intervals is never open. (A practice with no hours configured at
///   all is modelled as `Practice.hours == nil`, which callers treat as always open.)
/// - **Range.** Instants before 1900 or after 9998 are outside every schedule: closed, with no answer
///   for when it opens.
///
/// Equality compares the schedule as written (a weekday with an empty list differs from a missing
/// one, and interval order matters), not the open periods it produces.
///
/// Codable as `{"timeZone": "America/New_York", "weekly": {"monday": ["08:00-18:00"]},
/// "exceptions": {"2026-12-25": "closed", "2026-12-24": ["08:00-12:00"]}}`; `weekly` and `exceptions`
/// may be left out when empty, and weekday keys may use any letter case or three-letter
/// abbreviations (intervals under two spellings of one day are kept together). Decoding fails with a `DecodingError` whose underlying error is the
/// ``TextingError`` (e.g. `hours.unknown_time_zone`) when a value is invalid.
public struct ConversationHours: Hashable, Sendable, Codable {
    /// The practice's zone, e.g. America/New_York. Codable as its identifier.
    public var timeZone: TimeZone
    /// Intervals starting on each day of the week; a missing day and an empty list are both closed.
    public var weekly: [Weekday: [OpenInterval]]
    /// Dated replacements for the weekly intervals (holidays, special hours).
    public var exceptions: [LocalDate: HoursException]

    /// How far ahead ``closedPeriodEnd(at:)`` and ``nextOpening(after:)`` look, in days.
    public static let horizonDays = 400

    public init(
        timeZone: TimeZone, weekly: [Weekday: [OpenInterval]] = [:], exceptions: [LocalDate: HoursException] = [:]
    ) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.exceptions = exceptions
    }

    /// Like ``init(timeZone:weekly:exceptions:)`` with the zone given by identifier; throws
    /// `hours.unknown_time_zone` as ``timeZone(identifier:)`` does.
    public init(
        timeZoneIdentifier: String, weekly: [Weekday: [OpenInterval]] = [:],
        exceptions: [LocalDate: HoursException] = [:]
    ) throws(TextingError) {
        self.init(timeZone: try Self.timeZone(identifier: timeZoneIdentifier), weekly: weekly, exceptions: exceptions)
    }

    /// Open around the clock, every day, in `timeZone`.
    public static func alwaysOpen(timeZone: TimeZone) -> ConversationHours {
        ConversationHours(
            timeZone: timeZone, weekly: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [.allDay]) }))
    }

    /// The zone for an IANA region identifier such as `America/New_York` (or `UTC`/`GMT`).
    ///
    /// Throws `hours.unknown_time_zone` for unknown names, and also for abbreviations and fixed
    /// offsets (`EST`, `PST`, `GMT-5`): those never change for daylight saving, which is almost
    /// never what a practice means.
    public static func timeZone(identifier: String) throws(TextingError) -> TimeZone {
        guard identifier.contains("/") || identifier == "UTC" || identifier == "GMT",
              let zone = TimeZone(identifier: identifier)
        else {
            throw TextingError(
                .init("hours.unknown_time_zone"),
                "“\(identifier)” is not a time zone this service knows. Use an IANA region name such as "
                    + "America/New_York, America/Chicago, America/Denver, America/Phoenix, America/Los_Angeles, "
                    + "America/Halifax or America/St_Johns (abbreviations like EST ignore daylight saving).")
        }
        return zone
    }

    /// The intervals that start on `date`: its exception's if it has one, else the weekly ones for
    /// its weekday, as written (not merged).
    public func intervals(startingOn date: LocalDate) -> [OpenInterval] {
        if let exception = exceptions[date] { return exception.intervals }
        return weekly[date.weekday] ?? []
    }

    /// The practice's local date at `instant` (instants outside 1900 through 9998 are clamped into it).
    public func localDate(at instant: Date) -> LocalDate {
        LocalDate(dayNumber: localDay(atSeconds: Self.wholeSeconds(clamping: instant)))
    }
}
