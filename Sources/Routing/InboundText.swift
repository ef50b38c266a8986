import Foundation
import TextingCore

/// A text from a client as the carrier delivered it. The webhook and the sandbox's injector
/// both build one of these and hand it to ``Router/dispatch(_:)``.
public struct InboundText: Hashable, Sendable {
    /// The client's number (`From`).
    public var from: PhoneNumber
    /// The practice's texting number (`To`).
    public var to: PhoneNumber
    public var body: String
    /// The carrier's MessageSid; the same sid twice is stored once (R6).
    public var carrierSID: String
    public var media: [MediaAttachment]

    public init(from: PhoneNumber, to: PhoneNumber, body: String, carrierSID: String, media: [MediaAttachment] = []) {
        self.from = from
        self.to = to
        self.body = body
        self.carrierSID = carrierSID
        self.media = media
    }
}

/// What happened to an inbound text. Returned only after it is durably stored (D1).
public struct InboundOutcome: Hashable, Sendable {
    public enum Disposition: String, Hashable, Sendable {
        /// Joined or opened a conversation (R1).
        case routed
        /// A STOP/START/HELP keyword (O2, O3, A7), stored and answered.
        case keyword
        /// Stored without routing: texting is off for the number, or no practice has it (E4).
        case unrouted
        /// Already stored earlier under the same MessageSid (R6); nothing changed.
        case duplicate
    }

    public var disposition: Disposition
    /// The practice that owns the `To` number, nil for a number of no practice.
    public var practiceID: PracticeID?
    public var conversationID: ConversationID?
    public var messageID: MessageID?
    /// The automatic replies queued in the outbox, in order.
    public var replies: [String]
    /// Every message the batch stored, in order (the first is ``messageID``).
    public var messageIDs: [MessageID] = []

    public init(disposition: Disposition, practiceID: PracticeID? = nil, conversationID: ConversationID? = nil,
                messageID: MessageID? = nil, replies: [String] = []) {
        self.disposition = disposition
        self.practiceID = practiceID
        self.conversationID = conversationID
        self.messageID = messageID
        self.replies = replies
    }
}
