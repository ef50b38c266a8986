import TextingCore
import TextingStore

/// Something staff watching a practice should see at once (W3's live events): a message stored,
/// a delivery state moved, a conversation opened or ended, a number's subscriptions changed.
///
/// A change names what changed, not its new content: a page that shows the thing fetches it
/// again through the same API as any other read, so what the stream says is never more (or
/// other) than what the reader may see.
public struct Change: Sendable, Hashable, Codable {
    /// What happened; the raw value is the event's name on the wire.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case messageCreated = "message.created"
        case messageStatusChanged = "message.status_changed"
        case conversationOpened = "conversation.opened"
        case conversationEnded = "conversation.ended"
        /// Staff read a conversation through `message`: other screens update its unread count.
        case conversationRead = "conversation.read"
        /// The client read a conversation in the app through `message` (P2's read receipt).
        case conversationReadByClient = "conversation.read_by_client"
        case subscriptionChanged = "subscription.changed"
    }

    public var kind: Kind
    public var practice: PracticeID
    public var conversation: ConversationID?
    public var message: MessageID?
    /// `message.created`: inbound or outbound.
    public var direction: MessageDirection?
    /// `message.status_changed`: the new delivery state and the carrier's error code, if any.
    public var state: DeliveryState?
    public var errorCode: Int?
    /// `subscription.changed`: the number whose subscriptions changed.
    public var phone: PhoneNumber?

    public init(
        _ kind: Kind, practice: PracticeID, conversation: ConversationID? = nil, message: MessageID? = nil,
        direction: MessageDirection? = nil, state: DeliveryState? = nil, errorCode: Int? = nil, phone: PhoneNumber? = nil
    ) {
        self.kind = kind
        self.practice = practice
        self.conversation = conversation
        self.message = message
        self.direction = direction
        self.state = state
        self.errorCode = errorCode
        self.phone = phone
    }
}

extension Change {
    /// The changes a committed session batch made: the conversation it opened, the one it ended
    /// (`ended`), each message it stored, and the number's subscriptions when they changed.
    static func of(_ batch: SessionBatch, _ commit: SessionCommit, ended: ConversationID?) -> [Change] {
        var changes: [Change] = []
        let practice = batch.practiceID
        if case .create? = batch.conversation, let id = commit.conversationID {
            changes.append(Change(.conversationOpened, practice: practice, conversation: id))
        }
        for (message, id) in zip(batch.messages, commit.messageIDs) {
            changes.append(Change(
                .messageCreated, practice: practice, conversation: message.inConversation ? commit.conversationID : nil,
                message: id, direction: message.direction))
        }
        if let ended {
            changes.append(Change(.conversationEnded, practice: practice, conversation: ended))
        }
        if !batch.subscriptionChanges.isEmpty || batch.subscriptions != nil {
            changes.append(Change(.subscriptionChanged, practice: practice, phone: batch.phone))
        }
        return changes
    }

    /// A message's delivery state as now stored.
    static func status(of record: MessageRecord) -> Change? {
        guard let practice = record.practiceID, let state = record.deliveryState else { return nil }
        return Change(.messageStatusChanged, practice: practice, conversation: record.conversationID,
                      message: record.id, state: state, errorCode: record.errorCode)
    }
}
