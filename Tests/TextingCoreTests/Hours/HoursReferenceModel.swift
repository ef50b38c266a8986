import Foundation
@testable import TextingCore

/// A slow, independent model of ``ConversationHours/isOpen(at:)`` for the property tests (A3).
///
/// It finds the instant's local date with `Calendar`, builds the concrete `[start, end)` instants of
/// every interval starting on the dates around it with `Calendar.date(bySettingHour:…)` (skipped
/// times move to the next existing time; repeated times use the first occurrence for starts and the
/// last for ends) and tests membership. It shares no conversion code with the implementation.
struct HoursReferenceModel {
    let hours: ConversationHours
    let calendar: Calendar

    init(_ hours: ConversationHours) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hours.timeZone
        self.hours = hours
        self.calendar = calendar
    }

    func isOpen(at instant: Date) -> Bool {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        guard let noon = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day,
                                                            hour: 12))
        else { return false }
        return spans(around: noon, days: -2...1).contains { $0.contains(instant) }
    }

    /// The `[start, end)` spans of all intervals starting on the local dates of `days` days from
    /// `firstNoon`, computed once so that many instants can be tested against them.
    func spans(fromLocalNoonOf firstNoon: Date, days: ClosedRange<Int>) -> [Range<Date>] {
        spans(around: firstNoon, days: days)
    }

    private func spans(around noon: Date, days: ClosedRange<Int>) -> [Range<Date>] {
        var result: [Range<Date>] = []
        for shift in days {
            guard let dayNoon = calendar.date(byAdding: .day, value: shift, to: noon),
                  let nextNoon = calendar.date(byAdding: .day, value: 1, to: dayNoon)
            else { continue }
            for interval in intervals(on: dayNoon) {
                let endsNextDay = interval.crossesMidnight || interval.end == .endOfDay
                let end = interval.end == .endOfDay ? LocalTime.midnight : interval.end
                guard let startInstant = at(interval.start, on: dayNoon, policy: .first),
                      let endInstant = at(end, on: endsNextDay ? nextNoon : dayNoon, policy: .last),
                      startInstant < endInstant
                else { continue }
                result.append(startInstant..<endInstant)
            }
        }
        return result
    }

    /// The intervals starting on the local date of `dayNoon`, looked up with Calendar's weekday.
    private func intervals(on dayNoon: Date) -> [OpenInterval] {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: dayNoon)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let date = try? LocalDate(year: year, month: month, day: day)
        else { return [] }
        if let exception = hours.exceptions[date] { return exception.intervals }
        guard let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)) else { return [] }
        return hours.weekly[weekday] ?? []
    }

    private func at(_ time: LocalTime, on dayNoon: Date, policy: Calendar.RepeatedTimePolicy) -> Date? {
        calendar.date(bySettingHour: time.hour, minute: time.minute, second: 0, of: dayNoon,
                      matchingPolicy: .nextTime, repeatedTimePolicy: policy, direction: .forward)
    }
}
