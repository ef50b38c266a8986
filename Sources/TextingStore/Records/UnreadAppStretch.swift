import Foundation
import TextingCore

/// A conversation with messages delivered in the app that the client has not read and that no
/// unread-app text has covered yet (P2, P3).
public struct UnreadAppStretch: Sendable, Hashable {
    public var conversationID: ConversationID
    public var practiceID: PracticeID
    public var phone: PhoneNumber
    /// The newest message in the app the client has not read: the text, once decided, covers
    /// the stretch up to it.
    public var newestUnread: MessageID
    /// When the oldest message of the stretch was sent.
    public var oldestUnreadAt: Date

    public init(conversationID: ConversationID, practiceID: PracticeID, phone: PhoneNumber, newestUnread: MessageID,
                oldestUnreadAt: Date) {
        self.conversationID = conversationID
        self.practiceID = practiceID
        self.phone = phone
        self.newestUnread = newestUnread
        self.oldestUnreadAt = oldestUnreadAt
    }
}
