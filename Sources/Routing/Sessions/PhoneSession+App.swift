import Foundation
import TextingCore
import TextingStore

extension PhoneSession {
    /// P2: a message the client wrote in the pet owner's app, through the session of the client's
    /// number so R1/S5 hold across channels: it joins the number's active conversation whatever
    /// its channel, or opens one on the app channel for `client`; A6 and A1/A2 apply as for a
    /// text, the after-hours reply going back in the app. No keywords (the app has no STOP), no
    /// re-subscription (O3 is about texts) and no profile bot (the client is known).
    func receiveFromApp(_ body: String, client: ClientID, practice: Practice, now: Date) async throws -> InboundOutcome {
        try await serially(now: now) { state in
            var next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            var message = MessageDraft(
                direction: .inbound, channel: .app, author: .client, clientName: next.profile?.displayName, body: body,
                createdAt: now)
            let replies = try await joinConversation(
                &message, channel: .app, client: client, practice: practice, next: &next, batch: &batch, now: now)
            var outcome = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
            outcome.replies = replies
            return outcome
        }
    }
}
