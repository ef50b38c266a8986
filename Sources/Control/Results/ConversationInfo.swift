import Foundation

/// A conversation as the list shows it (S1, C1, R2).
public struct ConversationInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var practice: Int64
    public var title: String
    /// The client's number, E.164.
    public var phone: String
    public var clientId: Int64?
    /// The client's current name (C2: messages keep the name they were stored with).
    public var clientName: String?
    /// `text` or `app`.
    public var channel: String
    /// "Sent via Text" or "Sent from App" (R2).
    public var channelLabel: String
    public var active: Bool
    public var createdAt: Date
    public var endedAt: Date?
    /// The profile bot's step (A4) when it ran: `awaitingFirstName`, `awaitingLastName`,
    /// `awaitingEmail`, `finished` or `stoppedByStaff`.
    public var profileBot: String?
    /// A2: staff acted while closed; no after-hours reply until this instant.
    public var afterHoursOverrideUntil: Date?
    /// The newest message, its body cut short (the staff inbox's list; absent from the control
    /// socket's list and from daemons before it).
    public var lastMessage: MessagePreviewInfo?
    /// Inbound messages the practice's front desk has not marked read (the inbox's list).
    public var unread: Int?
    /// The newest message's time, else the conversation's start: the list's order after active
    /// first (the inbox's list).
    public var lastActivityAt: Date?
    /// The read receipt (P2): the newest message the client has read in the pet owner's app;
    /// absent when none.
    public var clientReadThrough: Int64?
    /// When the client read through ``clientReadThrough``.
    public var clientReadAt: Date?

    public init(
        id: Int64, practice: Int64, title: String, phone: String, clientId: Int64?, clientName: String?,
        channel: String, channelLabel: String, active: Bool, createdAt: Date, endedAt: Date?, profileBot: String?,
        afterHoursOverrideUntil: Date?, lastMessage: MessagePreviewInfo? = nil, unread: Int? = nil,
        lastActivityAt: Date? = nil
    ) {
        self.id = id
        self.practice = practice
        self.title = title
        self.phone = phone
        self.clientId = clientId
        self.clientName = clientName
        self.channel = channel
        self.channelLabel = channelLabel
        self.active = active
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.profileBot = profileBot
        self.afterHoursOverrideUntil = afterHoursOverrideUntil
        self.lastMessage = lastMessage
        self.unread = unread
        self.lastActivityAt = lastActivityAt
    }
}

/// The start of a conversation's newest message, as the inbox's list shows it (R2, C3).
public struct MessagePreviewInfo: Codable, Sendable, Hashable {
    public var id: Int64
    /// `inbound` or `outbound`.
    public var direction: String
    /// `client`, `staff:<name>`, `system` (automatic replies) or `reminder`.
    public var author: String
    /// The body's first 160 characters.
    public var body: String
    /// `text` or `app`.
    public var channel: String
    /// "Sent via Text" or "Sent from App" (R2).
    public var channelLabel: String
    /// Outbound only (C3).
    public var delivery: DeliveryInfo?
    public var createdAt: Date

    public init(
        id: Int64, direction: String, author: String, body: String, channel: String, channelLabel: String,
        delivery: DeliveryInfo?, createdAt: Date
    ) {
        self.id = id
        self.direction = direction
        self.author = author
        self.body = body
        self.channel = channel
        self.channelLabel = channelLabel
        self.delivery = delivery
        self.createdAt = createdAt
    }
}

/// A page of the inbox's conversation list: active first, then newest activity, then newest
/// id. `nextCursor` is the `after` of the next page, null (not left out) on the last.
public struct ConversationPage: Codable, Sendable, Hashable {
    public var conversations: [ConversationInfo]
    public var nextCursor: String?

    public init(conversations: [ConversationInfo], nextCursor: String?) {
        self.conversations = conversations
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case conversations, nextCursor }

    /// Writes `nextCursor` as null on the last page instead of leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversations, forKey: .conversations)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A conversation's read mark after marking it read: the practice's front desk has read every
/// message up to `through` (the mark never moves back, so it may be further on than asked).
public struct ReadMarkInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    /// Nil (left out) only for a conversation without messages.
    public var through: Int64?
    /// Inbound messages after the mark.
    public var unread: Int

    public init(conversation: Int64, through: Int64?, unread: Int) {
        self.conversation = conversation
        self.through = through
        self.unread = unread
    }
}

/// A practice's conversations, oldest first.
public struct ConversationList: Codable, Sendable, Hashable {
    public var conversations: [ConversationInfo]
    public init(conversations: [ConversationInfo]) { self.conversations = conversations }
}

/// One conversation with its client, the number's subscriptions and its messages, oldest first:
/// every one (the control socket), or a page of the newest before a point (the inbox's thread).
public struct ConversationDetail: Codable, Sendable, Hashable {
    public var conversation: ConversationInfo
    public var client: ClientInfo?
    public var subscriptions: SubscriptionInfo
    public var messages: [MessageInfo]
    /// The `before` of the next older page, null when there is none (the inbox's thread; the
    /// control socket's answer holds every message and leaves it out).
    public var olderCursor: String?
    /// Whether the answer is a page, which writes `olderCursor` as null rather than leaving it out.
    private var paged: Bool

    /// Every message of the conversation.
    public init(conversation: ConversationInfo, client: ClientInfo?, subscriptions: SubscriptionInfo, messages: [MessageInfo]) {
        self.conversation = conversation
        self.client = client
        self.subscriptions = subscriptions
        self.messages = messages
        olderCursor = nil
        paged = false
    }

    /// A page of the thread and the cursor of the older one (nil when there is none).
    public init(
        conversation: ConversationInfo, client: ClientInfo?, subscriptions: SubscriptionInfo, page messages: [MessageInfo],
        olderCursor: String?
    ) {
        self.init(conversation: conversation, client: client, subscriptions: subscriptions, messages: messages)
        self.olderCursor = olderCursor
        paged = true
    }

    enum CodingKeys: String, CodingKey { case conversation, client, subscriptions, messages, olderCursor }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        conversation = try container.decode(ConversationInfo.self, forKey: .conversation)
        client = try container.decodeIfPresent(ClientInfo.self, forKey: .client)
        subscriptions = try container.decode(SubscriptionInfo.self, forKey: .subscriptions)
        messages = try container.decode([MessageInfo].self, forKey: .messages)
        paged = container.contains(.olderCursor)
        olderCursor = try container.decodeIfPresent(String.self, forKey: .olderCursor)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversation, forKey: .conversation)
        try container.encodeIfPresent(client, forKey: .client)
        try container.encode(subscriptions, forKey: .subscriptions)
        try container.encode(messages, forKey: .messages)
        if paged { try container.encode(olderCursor, forKey: .olderCursor) }
    }
}

/// What `conversation.start` and `conversation.reply` did.
public struct StaffMessageInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    /// The message queued; nil when a conversation was started without one.
    public var message: Int64?
    /// `text` or `app` (S2: app chat first).
    public var channel: String
    public var channelLabel: String
    /// Why the conversation runs in the app or by text (S2), for `conversation.start`.
    public var chat: ChatInfo?
    /// With attachments: every message queued, in order (the staff's text, then one link message
    /// per file, R5).
    public var messages: [Int64]?
    /// P3: when the conversation ran in the app and this message went by text, that in plain
    /// words with the reason ("Chat in the app is not available (…), so this message was sent by
    /// text."); absent otherwise.
    public var notice: String?

    public init(
        conversation: Int64, message: Int64?, channel: String, channelLabel: String, chat: ChatInfo?,
        messages: [Int64]? = nil, notice: String? = nil
    ) {
        self.conversation = conversation
        self.message = message
        self.channel = channel
        self.channelLabel = channelLabel
        self.chat = chat
        self.messages = messages
        self.notice = notice
    }
}

/// A conversation after `conversation.end` (C1).
public struct ConversationEndInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    public var active: Bool

    public init(conversation: Int64, active: Bool) {
        self.conversation = conversation
        self.active = active
    }
}
