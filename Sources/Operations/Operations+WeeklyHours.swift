import Control
import Routing
import TextingCore

/// The whole week's conversation hours in one change (A3; admins), as the staff inbox's hours
/// form sends them.
extension Operations {
    /// Replaces the week's hours: each day of `week` gets its intervals (`HH:MM-HH:MM`), every day
    /// left out is closed. Dated exceptions stay. Every day and interval is checked before
    /// anything changes.
    ///
    /// - Throws: `auth.forbidden` for a `staff` account; the day and interval parsing errors;
    ///   `control.bad_args` for a day given twice.
    public func setWeeklyHours(_ caller: Caller, week: [DayHours]) async throws -> HoursInfo {
        let id = try await adminPractice(caller, nil)
        var intervals: [Weekday: [OpenInterval]] = [:]
        for day in week {
            let weekday = try Weekday(parsing: day.day)
            guard intervals[weekday] == nil else { throw Arguments.bad("\(weekday) is given twice.") }
            intervals[weekday] = try Arguments.intervals(day.intervals)
        }
        var practice = try await router.practice(id)
        for weekday in Weekday.allCases {
            practice = try await router.setHours(practice: id, day: weekday, intervals: intervals[weekday] ?? [])
        }
        return HoursInfo(practice, now: router.currentTime())
    }
}
