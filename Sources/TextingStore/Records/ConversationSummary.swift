import Foundation
import TextingCore

/// One row of the staff inbox's conversation list (issue 12): the conversation with what the
/// list shows beside it, all read in the list's one query.
public struct ConversationSummary: Hashable, Sendable {
    public var conversation: ConversationRecord
    /// The client's current name (R3): the conversation's profile, else the profile R3's lookup
    /// finds for the number; nil when neither has a name.
    public var clientName: String?
    /// The newest message of the conversation, its body cut to ``ConversationSummary/previewLength``
    /// characters; nil for a conversation started without one.
    public var lastMessage: MessagePreview?
    /// The newest message's time, else the conversation's creation: the list's order after
    /// active first.
    public var lastActivityAt: Date
    /// Inbound messages after ``staffReadThrough`` (a conversation's read mark is the whole
    /// front desk's, not one account's).
    public var unread: Int
    /// The newest message staff have read up to, if any.
    public var staffReadThrough: MessageID?

    /// Characters of the last message's body the list carries.
    public static let previewLength = 160

    public init(
        conversation: ConversationRecord, clientName: String?, lastMessage: MessagePreview?, lastActivityAt: Date,
        unread: Int, staffReadThrough: MessageID?
    ) {
        self.conversation = conversation
        self.clientName = clientName
        self.lastMessage = lastMessage
        self.lastActivityAt = lastActivityAt
        self.unread = unread
        self.staffReadThrough = staffReadThrough
    }
}
