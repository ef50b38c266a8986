import Foundation

/// A health-service reminder or appointment confirmation text that a practice sent to a number
/// (E5), as far as reply context (A6) needs it.
public struct SentReminder: Hashable, Sendable, Codable {
    /// The stored message's id.
    public var id: Int64
    /// The text the client received.
    public var body: String
    /// When it was sent.
    public var sentAt: Date

    public init(id: Int64, body: String, sentAt: Date) {
        self.id = id
        self.body = body
        self.sentAt = sentAt
    }
}
