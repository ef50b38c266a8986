import Foundation
import TextingCore
import TextingStore

extension PhoneSession {
    /// P2, P3: the one text about app messages of `conversation` the client has not read, when
    /// ``UnreadAppReminder`` says it is due; a skip is recorded the same way. Runs in the
    /// session's order, so it sees the subscriptions as the texts from the number left them.
    /// Nil when there is no uncovered unread stretch (the client read it, or it was covered).
    func remindUnreadApp(
        conversation id: ConversationID, delay: Duration, practice: Practice, quietUntil: Date?, now: Date
    ) async throws -> UnreadAppReminder? {
        try await serially(now: now) { state in
            guard let stretch = try await store.unreadAppStretch(conversation: id) else { return nil }
            let decision = UnreadAppReminder.decide(
                oldestUnread: stretch.oldestUnreadAt, delay: delay, now: now,
                twoWaySubscribed: state.subscriptions.twoWay, practice: practice, quietUntil: quietUntil)
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            switch decision {
            case .wait:
                return decision
            case .skip(let reason):
                batch.appNudge = AppNudgeMark(conversationID: id, through: stretch.newestUnread, skipped: reason, at: now)
            case .send:
                batch.conversation = .attach(id)
                batch.messages = [outbound(Replies.unreadAppMessage(practiceName: practice.name), author: .system,
                                           practice: practice, state: state, channel: .text, now: now)]
                batch.appNudge = AppNudgeMark(conversationID: id, through: stretch.newestUnread, skipped: nil, at: now)
            }
            do {
                _ = try await finish(batch, next: state, sid: nil, disposition: .routed, state: &state)
            } catch is AppNudgeAlreadyDecided {
                return nil  // another daemon on the same database decided it first (M1)
            }
            return decision
        }
    }
}
