import Foundation

/// A conversation as the pet owner's app lists it (P2): what the client may see of it, never
/// the front desk's own state (their read mark, the profile bot, the number's subscriptions).
public struct AppConversationInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var title: String
    /// `text` or `app`: where the conversation runs now.
    public var channel: String
    public var active: Bool
    public var createdAt: Date
    /// The newest message's time, else the conversation's start: the list's order.
    public var lastActivityAt: Date
    /// The newest message, its body cut to 160 characters; null for a conversation without one.
    public var lastMessage: AppMessageInfo?
    /// Messages to the client after the client's read mark.
    public var unread: Int
    /// The newest message the client has marked read, null for none.
    public var readThrough: Int64?

    public init(
        id: Int64, title: String, channel: String, active: Bool, createdAt: Date, lastActivityAt: Date,
        lastMessage: AppMessageInfo?, unread: Int, readThrough: Int64?
    ) {
        self.id = id
        self.title = title
        self.channel = channel
        self.active = active
        self.createdAt = createdAt
        self.lastActivityAt = lastActivityAt
        self.lastMessage = lastMessage
        self.unread = unread
        self.readThrough = readThrough
    }

    enum CodingKeys: String, CodingKey {
        case id, title, channel, active, createdAt, lastActivityAt, lastMessage, unread, readThrough
    }

    /// Writes `lastMessage` and `readThrough` as null instead of leaving them out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(channel, forKey: .channel)
        try container.encode(active, forKey: .active)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastActivityAt, forKey: .lastActivityAt)
        try container.encode(lastMessage, forKey: .lastMessage)
        try container.encode(unread, forKey: .unread)
        try container.encode(readThrough, forKey: .readThrough)
    }
}
