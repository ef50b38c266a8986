import Foundation
import TextingCore

/// Sends texts through an SMS carrier. Implementations: ``SandboxCarrier`` (the default, no
/// account needed) and, later, the Twilio-compatible REST client.
public protocol CarrierClient: Sendable {
    /// Hands one message to the carrier. Returns once the carrier accepted it (not delivered).
    func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt
}

/// One outbound text as the carrier needs it.
public struct OutboundRequest: Hashable, Sendable {
    public var from: PhoneNumber
    public var to: PhoneNumber
    public var body: String
    /// Public links to media (R5 sends links in the body instead, so this is usually empty).
    public var mediaURLs: [String]
    /// Our message id, carried in the status-callback URL.
    public var messageID: MessageID

    public init(from: PhoneNumber, to: PhoneNumber, body: String, mediaURLs: [String] = [], messageID: MessageID) {
        self.from = from
        self.to = to
        self.body = body
        self.mediaURLs = mediaURLs
        self.messageID = messageID
    }
}

/// The carrier's answer to an accepted message.
public struct CarrierReceipt: Hashable, Sendable {
    /// The carrier's message id (Twilio `SM…`).
    public var sid: String
    public var state: DeliveryState

    public init(sid: String, state: DeliveryState) {
        self.sid = sid
        self.state = state
    }
}

/// A refused or failed send. `retryable` errors (throttling, 5xx, connection problems) are tried
/// again later; the others are recorded on the message with their code (C3).
public struct CarrierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The carrier's error code (e.g. 21610), when it gave one.
    public var code: Int?
    public var message: String
    public var retryable: Bool

    public init(code: Int?, message: String, retryable: Bool) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String {
        code.map { "carrier error \($0): \(message)" } ?? "carrier error: \(message)"
    }
}
