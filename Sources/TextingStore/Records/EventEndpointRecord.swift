import Foundation
import TextingCore

/// A webhook endpoint of the practice platform (V1): where a practice's events are posted.
public struct EventEndpointRecord: Hashable, Sendable, Codable {
    /// Where the endpoint came from: the configuration file or `twowayctl webhook add`.
    public enum Source: String, Hashable, Sendable, Codable {
        case config
        case control
    }

    public var id: Int64
    public var practiceID: PracticeID
    /// An `http` or `https` URL.
    public var url: String
    /// The event types the endpoint receives; nil for all of them.
    public var eventTypes: Set<EventType>?
    /// The `whsec_` secret the daemon generated (control endpoints); nil when it is read from
    /// ``secretCredential``.
    public var secret: String?
    /// The name of the credential file holding the `whsec_` secret (configured endpoints).
    public var secretCredential: String?
    public var source: Source
    public var createdAt: Date

    public init(
        id: Int64, practiceID: PracticeID, url: String, eventTypes: Set<EventType>?, secret: String?,
        secretCredential: String?, source: Source, createdAt: Date
    ) {
        self.id = id
        self.practiceID = practiceID
        self.url = url
        self.eventTypes = eventTypes
        self.secret = secret
        self.secretCredential = secretCredential
        self.source = source
        self.createdAt = createdAt
    }

    /// Whether the endpoint receives events of `type`.
    public func receives(_ type: EventType) -> Bool { eventTypes?.contains(type) ?? true }
}
