import Foundation
import TextingCore

/// A stored message as staff see it (R2, A6, C3). Written once; only its delivery state moves.
public struct MessageRecord: Hashable, Sendable, Codable {
    public var id: MessageID
    public var practiceID: PracticeID?
    public var conversationID: ConversationID?
    public var phone: PhoneNumber
    public var direction: MessageDirection
    public var channel: Channel
    public var author: MessageAuthor
    /// The client's name when the message was stored (C2: later profile edits do not change it).
    public var clientName: String?
    public var body: String
    /// The carrier's id of an inbound message (R6), or of an outbound one once sent.
    public var carrierSID: String?
    /// False for texts to a number whose texting is off (E4).
    public var routed: Bool
    /// A6: the reminder this reply answers, copied as it was sent.
    public var reminderContext: SentReminder?
    public var media: [MediaAttachment]
    /// Outbound only.
    public var deliveryState: DeliveryState?
    public var errorCode: Int?
    public var createdAt: Date
    /// The staff account that wrote it (W1); nil for clients, the bot, the platform and the
    /// control socket.
    public var accountID: Int64?

    public init(
        id: MessageID, practiceID: PracticeID?, conversationID: ConversationID?, phone: PhoneNumber,
        direction: MessageDirection, channel: Channel, author: MessageAuthor, clientName: String?,
        body: String, carrierSID: String?, routed: Bool, reminderContext: SentReminder?,
        media: [MediaAttachment], deliveryState: DeliveryState?, errorCode: Int?, createdAt: Date,
        accountID: Int64? = nil
    ) {
        self.id = id
        self.practiceID = practiceID
        self.conversationID = conversationID
        self.phone = phone
        self.direction = direction
        self.channel = channel
        self.author = author
        self.clientName = clientName
        self.body = body
        self.carrierSID = carrierSID
        self.routed = routed
        self.reminderContext = reminderContext
        self.media = media
        self.deliveryState = deliveryState
        self.errorCode = errorCode
        self.createdAt = createdAt
        self.accountID = accountID
    }

    /// The plain explanation of the carrier error, if any (C3).
    public var errorExplanation: String? { errorCode.map(CarrierErrorCode.explanation) }
}
