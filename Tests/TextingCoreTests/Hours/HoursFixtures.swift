import Foundation
import Testing
@testable import TextingCore

/// Shared builders for the hours tests (A3).
enum HoursFixtures {
    /// An instant from an ISO 8601 UTC string such as `2026-03-08T12:00:00Z`.
    static func utc(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    static func zone(_ identifier: String) throws -> TimeZone {
        try ConversationHours.timeZone(identifier: identifier)
    }

    static func intervals(_ texts: [String]) throws -> [OpenInterval] {
        try texts.map { text throws(TextingError) in try OpenInterval(parsing: text) }
    }

    /// A schedule from interval strings: `weekly` by weekday, `exceptions` by `YYYY-MM-DD` (`nil` = closed).
    static func hours(
        _ zone: String, weekly: [Weekday: [String]] = [:], exceptions: [String: [String]?] = [:]
    ) throws -> ConversationHours {
        var days: [Weekday: [OpenInterval]] = [:]
        for (day, texts) in weekly { days[day] = try intervals(texts) }
        var dated: [LocalDate: HoursException] = [:]
        for (date, texts) in exceptions {
            dated[try LocalDate(parsing: date)] = try texts.map { .special(try intervals($0)) } ?? .closed
        }
        return ConversationHours(timeZone: try self.zone(zone), weekly: days, exceptions: dated)
    }

    static let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// Monday to Friday with the same intervals.
    static func workWeek(_ zone: String, _ texts: [String], exceptions: [String: [String]?] = [:])
        throws -> ConversationHours {
        try hours(zone, weekly: Dictionary(uniqueKeysWithValues: weekdays.map { ($0, texts) }), exceptions: exceptions)
    }

    /// Every day of the week with the same intervals.
    static func everyDay(_ zone: String, _ texts: [String]) throws -> ConversationHours {
        try hours(zone, weekly: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, texts) }))
    }

    /// The `TextingError` code inside a thrown error (directly, or as a `DecodingError`'s underlying error).
    static func code(of error: any Error) -> String? {
        if let error = error as? TextingError { return error.code.rawValue }
        if case .dataCorrupted(let context) = error as? DecodingError,
           let underlying = context.underlyingError as? TextingError {
            return underlying.code.rawValue
        }
        return nil
    }
}
