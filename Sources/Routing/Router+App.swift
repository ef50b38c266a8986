import Foundation
import TextingCore
import TextingStore

/// The pet owner's app channel (P1, P2): messages from the app and the client's read receipts.
extension Router {
    /// P2: stores a message `client` wrote in the app, through the session of `phone` (one of the
    /// client's numbers), and returns where it went. Refused when the practice has app chat off
    /// or staff disabled chat for the client.
    public func receiveFromApp(
        practice id: PracticeID, phone: PhoneNumber, client: ClientProfile, body: String
    ) async throws -> InboundOutcome {
        let practice = try self.practice(id)
        guard practice.appChatEnabled else {
            throw TextingError(.init("app.chat_off"), "\(practice.name) does not offer chat in the app.")
        }
        if client.app?.chatDisabled == true {
            throw TextingError(.init("app.chat_disabled"),
                               "Chat in the app is turned off for this client; please call or text the practice.")
        }
        let now = clock()
        var outcome = try await withSession(id, phone) { session in
            try await session.receiveFromApp(body, client: client.id, practice: practice, now: now)
        }
        outcome.practiceID = id
        return outcome
    }

    /// Moves the client's read mark of a conversation of `practice` forward to `through` and,
    /// when it moved, tells staff views (``Change/Kind/conversationReadByClient``); nil when
    /// `through` is not one of its messages.
    public nonisolated func markReadByClient(
        conversation id: ConversationID, practice: PracticeID, through: MessageID
    ) async throws -> ClientReadMark? {
        _ = try await conversation(id, practice: practice)
        let mark = try await store.markReadByClient(conversation: id, through: through, at: clock())
        if let mark, mark.moved {
            events.publish([Change(.conversationReadByClient, practice: practice, conversation: id, message: mark.through)])
        }
        return mark
    }
}
