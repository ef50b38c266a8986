/// `hours.show`: the conversation hours (A3) and whether the practice is open now.
public typealias HoursShowCommand = PracticeOnlyCommand<HoursShow>
public enum HoursShow: ControlCommandKind {
    public typealias Result = HoursInfo
    public static let name = "hours.show"
}

/// `hours.set`: replaces one weekday's intervals (A3). Setting the first day of a practice
/// without hours starts a schedule in which every other day is closed.
public struct HoursSetCommand: ControlCommand, PracticeScoped {
    public typealias Result = HoursInfo
    public static let name = "hours.set"
    public var practice: Int64?
    /// English day name, e.g. `monday` or `mon`.
    public var day: String
    /// `HH:MM-HH:MM` each; empty: closed that day.
    public var intervals: [String]

    public init(practice: Int64?, day: String, intervals: [String]) {
        self.practice = practice
        self.day = day
        self.intervals = intervals
    }
}

/// `hours.exception`: sets or removes a dated exception (A3). Exactly one of `closed: true`,
/// a non-empty `intervals` or `remove: true`.
public struct HoursExceptionCommand: ControlCommand, PracticeScoped {
    public typealias Result = HoursInfo
    public static let name = "hours.exception"
    public var practice: Int64?
    /// `YYYY-MM-DD`.
    public var date: String
    public var closed: Bool?
    public var intervals: [String]?
    public var remove: Bool?

    public init(practice: Int64?, date: String, closed: Bool? = nil, intervals: [String]? = nil, remove: Bool? = nil) {
        self.practice = practice
        self.date = date
        self.closed = closed
        self.intervals = intervals
        self.remove = remove
    }
}

/// `hours.clear`: removes all conversation hours: always open, no after-hours replies.
public typealias HoursClearCommand = PracticeOnlyCommand<HoursClear>
public enum HoursClear: ControlCommandKind {
    public typealias Result = HoursInfo
    public static let name = "hours.clear"
}
