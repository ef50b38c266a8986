import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// Reading a conversation in the staff inbox (issue 12). The read mark is the practice's, not
/// an account's: the front desk shares the inbox, so what one member read is read for all
/// (Docs/decisions.md). Everyone of the practice may mark; another practice's conversation
/// answers as one that does not exist (W2).
extension Operations {
    /// Marks the conversation read through the message `through`, or through its newest message
    /// when nil (never backwards: a mark already further on stays). A staff reply marks its
    /// conversation read through itself without this call.
    public func markRead(_ caller: Caller, practice: Int64? = nil, conversation: Int64, through: Int64?) async throws
        -> ReadMarkInfo {
        let id = try await practiceID(for: caller, practice)
        let conversationID = ConversationID(conversation)
        var message = through.map(MessageID.init(_:))
        if message == nil {
            message = try await router.thread(conversation: conversationID, practice: id, before: nil, limit: 1)
                .page.messages.last?.id
        }
        guard let message else {
            _ = try await router.conversation(conversationID, practice: id)
            return ReadMarkInfo(conversation: conversation, through: nil, unread: 0)
        }
        guard let mark = try await router.markRead(conversation: conversationID, practice: id, through: message) else {
            throw TextingError(.init("message.not_found"), "Conversation \(conversation) has no message \(message).")
        }
        return ReadMarkInfo(conversation: mark.conversation.rawValue, through: mark.through.rawValue, unread: mark.unread)
    }
}

extension TextingError.Code {
    /// A query parameter (a page size, a cursor) is not what the call accepts.
    public static let badQuery = TextingError.Code("request.invalid_query")
}
