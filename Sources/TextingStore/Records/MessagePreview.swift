import Foundation
import TextingCore

/// The start of a message, as the conversation list shows the newest one (R2, C3).
public struct MessagePreview: Hashable, Sendable {
    public var id: MessageID
    public var direction: MessageDirection
    public var channel: Channel
    public var author: MessageAuthor
    /// The body's first ``ConversationSummary/previewLength`` characters.
    public var body: String
    /// Outbound only.
    public var deliveryState: DeliveryState?
    public var errorCode: Int?
    public var createdAt: Date

    public init(
        id: MessageID, direction: MessageDirection, channel: Channel, author: MessageAuthor, body: String,
        deliveryState: DeliveryState?, errorCode: Int?, createdAt: Date
    ) {
        self.id = id
        self.direction = direction
        self.channel = channel
        self.author = author
        self.body = body
        self.deliveryState = deliveryState
        self.errorCode = errorCode
        self.createdAt = createdAt
    }
}
