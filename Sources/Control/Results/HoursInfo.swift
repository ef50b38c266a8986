import Foundation

/// A practice's conversation hours (A3) and whether it is open now.
public struct HoursInfo: Codable, Sendable, Hashable {
    public var practice: Int64
    /// The practice's IANA zone; every time below is wall-clock time there.
    public var timeZone: String
    /// False when no hours are set: the practice is then always open and sends no after-hours
    /// replies (`weekly` and `exceptions` are empty).
    public var configured: Bool
    /// Monday through Sunday, each with its intervals (`HH:MM-HH:MM`; empty: closed).
    public var weekly: [DayHours]
    /// Dated exceptions, oldest first.
    public var exceptions: [DateHours]
    public var openNow: Bool
    /// When closed now: the next opening, if any within a year.
    public var opensAt: Date?

    public init(
        practice: Int64, timeZone: String, configured: Bool, weekly: [DayHours], exceptions: [DateHours],
        openNow: Bool, opensAt: Date?
    ) {
        self.practice = practice
        self.timeZone = timeZone
        self.configured = configured
        self.weekly = weekly
        self.exceptions = exceptions
        self.openNow = openNow
        self.opensAt = opensAt
    }
}

/// The intervals that start on one day of the week.
public struct DayHours: Codable, Sendable, Hashable {
    /// Lower-case English name, e.g. `monday`.
    public var day: String
    public var intervals: [String]

    public init(day: String, intervals: [String]) {
        self.day = day
        self.intervals = intervals
    }
}

/// A dated exception: closed all day, or special intervals.
public struct DateHours: Codable, Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var closed: Bool
    public var intervals: [String]

    public init(date: String, closed: Bool, intervals: [String]) {
        self.date = date
        self.closed = closed
        self.intervals = intervals
    }
}
