import Foundation
import TextingCore
import TextingStore

/// A message as the pet owner's app shows it (P2).
public struct AppMessageInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var conversation: Int64
    /// `fromClient` (the client wrote it, in the app or by text) or `toClient`.
    public var direction: String
    /// Who wrote it: `client`, `staff` (a member of the front desk, named in `authorName`),
    /// `practice` (an automatic reply) or `reminder`.
    public var author: String
    /// The staff member's name as they sign their messages; null for anyone else.
    public var authorName: String?
    public var body: String
    /// `text` or `app`: how the message travelled.
    public var channel: String
    /// "Sent via Text" or "Sent from App".
    public var channelLabel: String
    public var createdAt: Date

    public init(
        id: Int64, conversation: Int64, direction: String, author: String, authorName: String?, body: String,
        channel: String, channelLabel: String, createdAt: Date
    ) {
        self.id = id
        self.conversation = conversation
        self.direction = direction
        self.author = author
        self.authorName = authorName
        self.body = body
        self.channel = channel
        self.channelLabel = channelLabel
        self.createdAt = createdAt
    }

    init(id: MessageID, conversation: ConversationID, direction: MessageDirection, author: MessageAuthor, body: String,
         channel: Channel, createdAt: Date) {
        let (kind, name): (String, String?) = switch author {
        case .client: ("client", nil)
        case .staff(let name): ("staff", name)
        case .system: ("practice", nil)
        case .reminder: ("reminder", nil)
        }
        self.init(id: id.rawValue, conversation: conversation.rawValue,
                  direction: direction == .inbound ? "fromClient" : "toClient", author: kind, authorName: name, body: body,
                  channel: channel.rawValue, channelLabel: channel.label, createdAt: createdAt)
    }

    init(_ record: MessageRecord, conversation: ConversationID) {
        self.init(id: record.id, conversation: conversation, direction: record.direction, author: record.author,
                  body: record.body, channel: record.channel, createdAt: record.createdAt)
    }

    init(_ preview: MessagePreview, conversation: ConversationID) {
        self.init(id: preview.id, conversation: conversation, direction: preview.direction, author: preview.author,
                  body: preview.body, channel: preview.channel, createdAt: preview.createdAt)
    }
}
