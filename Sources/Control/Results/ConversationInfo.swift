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

    public init(
        id: Int64, practice: Int64, title: String, phone: String, clientId: Int64?, clientName: String?,
        channel: String, channelLabel: String, active: Bool, createdAt: Date, endedAt: Date?, profileBot: String?,
        afterHoursOverrideUntil: Date?
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
    }
}

/// A practice's conversations, oldest first.
public struct ConversationList: Codable, Sendable, Hashable {
    public var conversations: [ConversationInfo]
    public init(conversations: [ConversationInfo]) { self.conversations = conversations }
}

/// One conversation with its client, the number's subscriptions and every message.
public struct ConversationDetail: Codable, Sendable, Hashable {
    public var conversation: ConversationInfo
    public var client: ClientInfo?
    public var subscriptions: SubscriptionInfo
    public var messages: [MessageInfo]

    public init(conversation: ConversationInfo, client: ClientInfo?, subscriptions: SubscriptionInfo, messages: [MessageInfo]) {
        self.conversation = conversation
        self.client = client
        self.subscriptions = subscriptions
        self.messages = messages
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

    public init(
        conversation: Int64, message: Int64?, channel: String, channelLabel: String, chat: ChatInfo?,
        messages: [Int64]? = nil
    ) {
        self.conversation = conversation
        self.message = message
        self.channel = channel
        self.channelLabel = channelLabel
        self.chat = chat
        self.messages = messages
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
