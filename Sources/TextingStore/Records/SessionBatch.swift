import Foundation
import TextingCore

/// One phone session's decision, written as a unit: either all of it is committed or none.
///
/// The routing layer builds a batch from pure decisions and hands it to ``MessageStore/commit(_:)``,
/// which returns only after the batch is durable (D1). A batch whose inbound message carries a
/// carrier id that is already stored is dropped whole and reported as a duplicate (R6).
public struct SessionBatch: Sendable {
    public var practiceID: PracticeID
    public var phone: PhoneNumber
    /// Create a conversation (its id is returned) or rewrite an existing one's state.
    public var conversation: ConversationWrite?
    /// Messages in the order they happened; those with `inConversation` join the batch's
    /// conversation (the new one, or the one written or named by `conversation`).
    public var messages: [MessageDraft]
    /// The number's new subscription state and the changes that led to it (O4).
    public var subscriptions: Subscriptions?
    public var subscriptionChanges: [SubscriptionChange]
    /// A profile the bot collected or staff typed (A4, S4, C2).
    public var profile: ProfileWrite?
    /// The decision on an unread stretch of app messages (P2, P3): recorded with the text it sends.
    public var appNudge: AppNudgeMark?
    /// The session version the batch was decided from (``SessionSnapshot/version``, then each
    /// commit's ``SessionCommit/version``). A store shared by several daemons commits the batch
    /// only while the number's version is still this one, and moves it on by one; otherwise it
    /// throws ``SessionChanged`` and writes nothing. Nil: not checked.
    public var expectedVersion: Int64?

    public init(
        practiceID: PracticeID, phone: PhoneNumber, conversation: ConversationWrite? = nil,
        messages: [MessageDraft] = [], subscriptions: Subscriptions? = nil,
        subscriptionChanges: [SubscriptionChange] = [], profile: ProfileWrite? = nil
    ) {
        self.practiceID = practiceID
        self.phone = phone
        self.conversation = conversation
        self.messages = messages
        self.subscriptions = subscriptions
        self.subscriptionChanges = subscriptionChanges
        self.profile = profile
    }

    public var isEmpty: Bool {
        conversation == nil && messages.isEmpty && subscriptions == nil && subscriptionChanges.isEmpty && profile == nil
            && appNudge == nil
    }
}

/// A conversation to create or update within a batch.
public enum ConversationWrite: Sendable, Hashable {
    /// Insert; the record's `id` is ignored and assigned by the store.
    case create(ConversationRecord)
    /// Rewrite the mutable state (active, ended, after-hours marks, bot, client, title).
    case update(ConversationRecord)
    /// Leave the conversation as it is; the batch's messages join it.
    case attach(ConversationID)
}

/// A profile to create or update within a batch. The batch's conversation gets its client id.
public enum ProfileWrite: Sendable, Hashable {
    /// Insert; `id` is ignored. The batch's phone is added to its phones.
    case create(ClientProfile)
    case update(ClientProfile)
}

/// A message to store within a batch.
public struct MessageDraft: Sendable, Hashable {
    public var direction: MessageDirection
    public var channel: Channel
    public var author: MessageAuthor
    public var clientName: String?
    public var body: String
    /// Inbound: the carrier's MessageSid, unique across the store (R6).
    public var carrierSID: String?
    public var routed: Bool
    /// Whether the message belongs to the batch's conversation (false: stored on its own, such
    /// as a reminder or a text to a number whose texting is off).
    public var inConversation: Bool
    public var reminderContext: SentReminder?
    public var media: [MediaAttachment]
    /// For outbound text messages: the sender number. The message then also enters the outbox
    /// in the same transaction (D2). Nil for app messages and inbound ones.
    public var sendFrom: PhoneNumber?
    /// Outbound texts the carrier rules require even to opted-out numbers (the single STOP
    /// confirmation) are marked so the sender does not hold them back.
    public var compliance: Bool
    /// Records the message as a reminder or confirmation for A6.
    public var isReminder: Bool
    public var createdAt: Date
    /// The staff account that wrote it (W1); nil for clients, the bot, the platform and the
    /// control socket.
    public var accountID: Int64?

    public init(
        direction: MessageDirection, channel: Channel = .text, author: MessageAuthor, clientName: String? = nil,
        body: String, carrierSID: String? = nil, routed: Bool = true, inConversation: Bool = true,
        reminderContext: SentReminder? = nil, media: [MediaAttachment] = [], sendFrom: PhoneNumber? = nil,
        compliance: Bool = false, isReminder: Bool = false, createdAt: Date, accountID: Int64? = nil
    ) {
        self.direction = direction
        self.channel = channel
        self.author = author
        self.clientName = clientName
        self.body = body
        self.carrierSID = carrierSID
        self.routed = routed
        self.inConversation = inConversation
        self.reminderContext = reminderContext
        self.media = media
        self.sendFrom = sendFrom
        self.compliance = compliance
        self.isReminder = isReminder
        self.createdAt = createdAt
        self.accountID = accountID
    }
}

/// What a committed batch created.
public struct SessionCommit: Sendable, Hashable {
    /// The batch's conversation (created or existing), if any.
    public var conversationID: ConversationID?
    /// Ids of the batch's messages, in order.
    public var messageIDs: [MessageID]
    public var clientID: ClientID?
    /// Reminders recorded by the batch, with their ids (A6).
    public var reminders: [SentReminder]
    /// The inbound carrier id was already stored; nothing of the batch was written.
    public var duplicate: Bool
    /// The number's session version after the commit (nil when the store checks none).
    public var version: Int64?

    public init(conversationID: ConversationID? = nil, messageIDs: [MessageID] = [], clientID: ClientID? = nil,
                reminders: [SentReminder] = [], duplicate: Bool = false, version: Int64? = nil) {
        self.version = version
        self.conversationID = conversationID
        self.messageIDs = messageIDs
        self.clientID = clientID
        self.reminders = reminders
        self.duplicate = duplicate
    }
}

extension SessionBatch {
    /// Records `accountID` (the signed-in staff account that acts, W1) on every message and
    /// subscription change of the batch; nil leaves them unattributed (the control socket's
    /// administrators, the bot, the carrier).
    public mutating func attribute(to accountID: Int64?) {
        guard let accountID else { return }
        for index in messages.indices { messages[index].accountID = accountID }
        for index in subscriptionChanges.indices { subscriptionChanges[index].accountID = accountID }
    }
}
