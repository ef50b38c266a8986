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

/// A page of a conversation's thread in the app: oldest first; `olderCursor` is the `before` of
/// the previous page, null on the first.
public struct AppThreadPage: Codable, Sendable, Hashable {
    public var conversation: AppConversationInfo
    public var messages: [AppMessageInfo]
    public var olderCursor: String?

    public init(conversation: AppConversationInfo, messages: [AppMessageInfo], olderCursor: String?) {
        self.conversation = conversation
        self.messages = messages
        self.olderCursor = olderCursor
    }

    enum CodingKeys: String, CodingKey { case conversation, messages, olderCursor }

    /// Writes `olderCursor` as null on the first page instead of leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversation, forKey: .conversation)
        try container.encode(messages, forKey: .messages)
        try container.encode(olderCursor, forKey: .olderCursor)
    }
}

/// A message the client sent from the app: the conversation it joined or opened, its id, and
/// the ids of automatic replies it got (the after-hours reply), which are in the thread too.
public struct AppSentInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    public var message: Int64
    public var replies: [Int64]

    public init(conversation: Int64, message: Int64, replies: [Int64]) {
        self.conversation = conversation
        self.message = message
        self.replies = replies
    }
}

/// The client's read mark after marking a conversation read (it never moves back, so it may be
/// further on than asked).
public struct AppReadInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    public var through: Int64
    public var readAt: Date
    /// Messages to the client after the mark.
    public var unread: Int

    public init(conversation: Int64, through: Int64, readAt: Date, unread: Int) {
        self.conversation = conversation
        self.through = through
        self.readAt = readAt
        self.unread = unread
    }
}
