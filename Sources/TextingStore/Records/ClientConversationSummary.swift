import Foundation
import TextingCore

/// One row of the pet owner's conversation list in the app (P2): the conversation as staff list
/// it, with the count of messages to the client after the client's own read mark.
public struct ClientConversationSummary: Hashable, Sendable {
    /// The conversation, its newest message and its activity time, as the staff list has them.
    public var summary: ConversationSummary
    /// Messages to the client (outbound) after ``ConversationRecord/clientReadThrough``.
    public var unreadByClient: Int

    public init(summary: ConversationSummary, unreadByClient: Int) {
        self.summary = summary
        self.unreadByClient = unreadByClient
    }
}
