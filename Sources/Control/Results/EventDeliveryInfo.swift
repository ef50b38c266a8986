import Foundation

/// One event on its way to one endpoint (V1).
public struct EventDeliveryInfo: Codable, Sendable, Hashable {
    /// The delivery's own id.
    public var id: Int64
    /// The event's id; its `webhook-id` is `evt_<event>`.
    public var event: Int64
    public var endpoint: Int64
    public var practice: Int64
    public var type: String
    /// `pending`, `sending`, `delivered` or `failed`.
    public var state: String
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    /// The HTTP status of the last attempt, when it got one.
    public var lastStatus: Int?
    /// Why the last attempt failed.
    public var lastError: String?

    public init(id: Int64, event: Int64, endpoint: Int64, practice: Int64, type: String, state: String, attempts: Int,
                createdAt: Date, nextAttemptAt: Date?, deliveredAt: Date?, lastStatus: Int?, lastError: String?) {
        self.id = id
        self.event = event
        self.endpoint = endpoint
        self.practice = practice
        self.type = type
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}

/// Deliveries, newest first.
public struct EventDeliveryList: Codable, Sendable, Hashable {
    public var deliveries: [EventDeliveryInfo]
    public init(deliveries: [EventDeliveryInfo]) { self.deliveries = deliveries }
}

/// How many failed deliveries were put back in line.
public struct EventRetryInfo: Codable, Sendable, Hashable {
    public var retried: Int
    public init(retried: Int) { self.retried = retried }
}
