import Control
import Foundation
import Routing
import TextingCore

/// Business hours: `hours.show` (everyone of the practice), `hours.set`, `hours.exception`,
/// `hours.clear` (admins) (A3).
extension Operations {
    public func showHours(_ caller: Caller, _ args: HoursShowCommand) async throws -> HoursInfo {
        hours(try await router.practice(practiceID(for: caller, args.practice)))
    }

    /// Sets the open intervals of one weekday.
    public func setHours(_ caller: Caller, _ args: HoursSetCommand) async throws -> HoursInfo {
        let id = try await adminPractice(caller, args.practice)
        let day = try Weekday(parsing: args.day)
        let intervals = try Arguments.intervals(args.intervals)
        return hours(try await router.setHours(practice: id, day: day, intervals: intervals))
    }

    /// Sets, or removes, the hours of one date: closed, special intervals, or back to the week's.
    public func setHoursException(_ caller: Caller, _ args: HoursExceptionCommand) async throws -> HoursInfo {
        let id = try await adminPractice(caller, args.practice)
        let date = try LocalDate(parsing: args.date)
        let intervals = try Arguments.intervals(args.intervals ?? [])
        let exception: HoursException?
        switch (args.closed ?? false, !intervals.isEmpty, args.remove ?? false) {
        case (true, false, false): exception = .closed
        case (false, true, false): exception = .special(intervals)
        case (false, false, true): exception = nil
        default:
            throw Arguments.bad("Give exactly one of closed, intervals or remove for an hours exception.")
        }
        return hours(try await router.setHoursException(practice: id, date: date, exception: exception))
    }

    /// Forgets the hours: the practice counts as always open.
    public func clearHours(_ caller: Caller, _ args: HoursClearCommand) async throws -> HoursInfo {
        hours(try await router.clearHours(practice: adminPractice(caller, args.practice)))
    }

    private func hours(_ practice: Practice) -> HoursInfo {
        HoursInfo(practice, now: router.currentTime())
    }
}
