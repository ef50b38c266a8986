import Control
import Hummingbird
import Operations
import TextingCore

/// The practice's conversation hours (A3): everyone reads them, admins change the week, the
/// dated exceptions, or clear them all (then the practice is always open and sends no
/// after-hours replies). Times are wall-clock times in the practice's zone.
struct HoursRoutes {
    let operations: Operations

    /// The whole week: each day listed gets its intervals, every day left out is closed.
    struct WeekBody: Decodable {
        var weekly: [DayHours]
    }

    /// One date's exception: closed all day, or special intervals.
    struct ExceptionBody: Decodable {
        var date: String
        var closed: Bool?
        var intervals: [String]?
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "practice/hours", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.showHours(caller, HoursShowCommand(practice: nil)))
        }
        routes.on(.put, "practice/hours", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(WeekBody.self, from: request)
            return try JSONResponse.make(try await operations.setWeeklyHours(caller, week: body.weekly))
        }
        routes.on(.delete, "practice/hours", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.clearHours(caller, HoursClearCommand(practice: nil)))
        }
        routes.on(.post, "practice/hours/exceptions", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(ExceptionBody.self, from: request)
            return try JSONResponse.make(try await operations.setHoursException(caller, HoursExceptionCommand(
                practice: nil, date: body.date, closed: body.closed, intervals: body.intervals)))
        }
        routes.on(.delete, "practice/hours/exceptions/{date}", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.setHoursException(caller, HoursExceptionCommand(
                practice: nil, date: PathParameter.text(context, "date"), remove: true)))
        }
    }
}
