import Foundation
import TextingCore

/// One event on its way to one endpoint (V1), as `twowayctl events list` shows it.
public struct EventDeliveryRecord: Hashable, Sendable, Codable {
    /// Where a delivery stands.
    public enum State: String, Hashable, Sendable, Codable {
        /// Waiting for its turn or its next attempt.
        case pending
        /// Being posted now (back to pending at the next start if the daemon died meanwhile).
        case sending
        /// The endpoint answered 2xx.
        case delivered
        /// Every attempt of the retry window failed; kept until someone retries it.
        case failed
    }

    public var id: Int64
    public var eventID: Int64
    public var endpointID: Int64
    public var practiceID: PracticeID
    public var type: EventType
    public var orderingKey: String
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    public var firstAttemptAt: Date?
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    /// The HTTP status of the last attempt; nil when it got no answer.
    public var lastStatus: Int?
    /// Why the last attempt failed, in words.
    public var lastError: String?

    public init(
        id: Int64, eventID: Int64, endpointID: Int64, practiceID: PracticeID, type: EventType, orderingKey: String,
        state: State, attempts: Int, createdAt: Date, firstAttemptAt: Date?, nextAttemptAt: Date, deliveredAt: Date?,
        lastStatus: Int?, lastError: String?
    ) {
        self.id = id
        self.eventID = eventID
        self.endpointID = endpointID
        self.practiceID = practiceID
        self.type = type
        self.orderingKey = orderingKey
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.firstAttemptAt = firstAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}

/// A delivery that is due now, with what posting it needs.
public struct DueEventDelivery: Hashable, Sendable {
    public var delivery: EventDeliveryRecord
    public var endpoint: EventEndpointRecord
    /// The body to post: the event's JSON exactly as stored.
    public var payload: String

    public init(delivery: EventDeliveryRecord, endpoint: EventEndpointRecord, payload: String) {
        self.delivery = delivery
        self.endpoint = endpoint
        self.payload = payload
    }
}

/// What an attempt to post a delivery came to.
public enum EventDeliveryOutcome: Hashable, Sendable {
    /// The endpoint answered 2xx.
    case delivered(status: Int, at: Date)
    /// Not delivered; try again at `at`.
    case retry(at: Date, status: Int?, error: String)
    /// Not delivered and the retry window is over.
    case failed(status: Int?, error: String)
}

/// Which deliveries `events list` shows.
public struct EventDeliveryFilter: Hashable, Sendable {
    public var practiceID: PracticeID?
    /// Only failed deliveries.
    public var failedOnly: Bool
    /// The newest `limit` rows.
    public var limit: Int

    public init(practiceID: PracticeID? = nil, failedOnly: Bool = false, limit: Int = 50) {
        self.practiceID = practiceID
        self.failedOnly = failedOnly
        self.limit = limit
    }
}
