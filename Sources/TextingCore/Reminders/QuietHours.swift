import Foundation

/// Q1: a reminder is never texted during the quiet hours (21:00 to 08:00 by default) on the
/// client's own clock; one requested then is held until they end. Optionally it is not sent on
/// the practice's closed days either (its dated "closed" exceptions, read on the practice's
/// clock); it then waits for the next day the practice is not closed.
///
/// Pure: the instant is a parameter and time zones come from the caller, so daylight saving
/// time changes are Foundation's calendar arithmetic, not this type's.
public struct QuietHours: Sendable, Hashable, Codable {
    /// When the quiet hours begin on the client's clock (default 21:00).
    public var start: LocalTime
    /// When they end and reminders may go again (default 08:00).
    public var end: LocalTime

    /// 21:00 to 08:00.
    public static let standard = QuietHours(uncheckedStart: LocalTime(uncheckedMinuteOfDay: 21 * 60),
                                            end: LocalTime(uncheckedMinuteOfDay: 8 * 60))

    /// Throws `reminders.invalid_quiet_hours` when `start` equals `end` or either is 24:00.
    public init(start: LocalTime, end: LocalTime) throws(TextingError) {
        guard start != end, start < .endOfDay, end < .endOfDay else {
            throw TextingError(.init("reminders.invalid_quiet_hours"),
                               "Quiet hours need a start and an end that differ, each from 00:00 to 23:59, e.g. 21:00 to 08:00.")
        }
        self.init(uncheckedStart: start, end: end)
    }

    init(uncheckedStart start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// Whether `instant` lies in the quiet hours on the clock of `zone`.
    public func contains(_ instant: Date, in zone: TimeZone) -> Bool {
        let minute = Self.calendar(zone).dateComponents([.hour, .minute], from: instant)
        let now = (minute.hour ?? 0) * 60 + (minute.minute ?? 0)
        if start < end { return now >= start.minuteOfDay && now < end.minuteOfDay }
        return now >= start.minuteOfDay || now < end.minuteOfDay
    }

    /// When a reminder requested at `now` may be texted: `now` itself when it is outside the
    /// quiet hours on `clientZone`'s clock and not on a date of `closedDates` on
    /// `practiceZone`'s clock; otherwise the first later instant that is (the end of the quiet
    /// hours, or the end of the quiet hours on the first day the practice is open again).
    public func sendTime(
        requestedAt now: Date, clientZone: TimeZone, practiceZone: TimeZone, closedDates: Set<LocalDate> = []
    ) -> Date {
        var candidate = now
        // Each pass moves forward by at least a day's quiet-hour end or a closed date; a year
        // of closed dates is the most a practice can configure sensibly.
        for _ in 0..<800 {
            if contains(candidate, in: clientZone) {
                candidate = nextEnd(after: candidate, in: clientZone)
                continue
            }
            let date = Self.localDate(candidate, in: practiceZone)
            if closedDates.contains(date) {
                candidate = Self.startOfDay(date.adding(days: 1), in: practiceZone)
                continue
            }
            return candidate
        }
        return candidate
    }

    /// The first instant after `instant` at which the clock of `zone` shows ``end``.
    func nextEnd(after instant: Date, in zone: TimeZone) -> Date {
        let calendar = Self.calendar(zone)
        let components = DateComponents(hour: end.hour, minute: end.minute, second: 0)
        return calendar.nextDate(after: instant, matching: components, matchingPolicy: .nextTime) ?? instant.addingTimeInterval(3600)
    }

    /// The calendar date `instant` falls on in `zone`.
    public static func localDate(_ instant: Date, in zone: TimeZone) -> LocalDate {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: instant)
        // Foundation's Gregorian calendar always yields a valid date.
        return (try? LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
            ?? LocalDate(dayNumber: 0)
    }

    static func startOfDay(_ date: LocalDate, in zone: TimeZone) -> Date {
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        let calendar = calendar(zone)
        return calendar.date(from: components).map { calendar.startOfDay(for: $0) } ?? Date(timeIntervalSince1970: 0)
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}

extension QuietHours {
    /// The dates `hours` marks closed all day (its "closed" exceptions).
    public static func closedDates(of hours: ConversationHours?) -> Set<LocalDate> {
        Set((hours?.exceptions ?? [:]).filter { $0.value.intervals.isEmpty }.keys)
    }
}
