import Foundation
import TextingCore

/// A durable outbound text waiting for the carrier (D2).
public struct OutboxItem: Hashable, Sendable {
    public var id: Int64
    public var messageID: MessageID
    public var practiceID: PracticeID
    public var from: PhoneNumber
    public var to: PhoneNumber
    public var body: String
    public var media: [MediaAttachment]
    public var attempts: Int
    public var compliance: Bool
    public var createdAt: Date

    public init(id: Int64, messageID: MessageID, practiceID: PracticeID, from: PhoneNumber, to: PhoneNumber,
                body: String, media: [MediaAttachment], attempts: Int, compliance: Bool, createdAt: Date) {
        self.id = id
        self.messageID = messageID
        self.practiceID = practiceID
        self.from = from
        self.to = to
        self.body = body
        self.media = media
        self.attempts = attempts
        self.compliance = compliance
        self.createdAt = createdAt
    }
}

/// The outcome of one send attempt, recorded by ``MessageStore/recordSend(_:outcome:)``.
public enum SendOutcome: Sendable, Hashable {
    /// The carrier accepted the message.
    case accepted(carrierSID: String, state: DeliveryState)
    /// Try again at the given instant (throttling, 5xx, connection errors).
    case retry(at: Date, error: String)
    /// The carrier refused for good; the code is kept for staff (C3).
    case failed(code: Int?, error: String)
}
