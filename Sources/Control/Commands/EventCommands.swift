/// `events.list`: the newest deliveries of events to the platform's endpoints (V1).
public struct EventListCommand: ControlCommand, PracticeScoped {
    public typealias Result = EventDeliveryList
    public static let name = "events.list"
    public var practice: Int64?
    /// Only deliveries that failed for good.
    public var failed: Bool?
    /// At most this many rows, 1 to 1000 (default 50).
    public var limit: Int?

    public init(practice: Int64?, failed: Bool?, limit: Int?) {
        self.practice = practice
        self.failed = failed
        self.limit = limit
    }
}

/// `events.retry`: posts failed deliveries again, with a new retry window: those of the events
/// `events`, or every failed one with `allFailed`.
public struct EventRetryCommand: ControlCommand {
    public typealias Result = EventRetryInfo
    public static let name = "events.retry"
    public var events: [Int64]?
    public var allFailed: Bool?

    public init(events: [Int64]?, allFailed: Bool?) {
        self.events = events
        self.allFailed = allFailed
    }
}
