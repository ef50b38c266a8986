import Foundation
import TextingCore
import TextingStore

extension Router {
    /// How far back, from the moment a message becomes due, unread app messages are looked
    /// for: longer than any quiet hours, so one held through them is still found when they
    /// end; a stretch due longer ago than this (the daemon was stopped for a day) gets no text
    /// any more. It bounds what each pass reads.
    static let unreadAppLookback: Duration = .seconds(24 * 3600)

    /// P2, P3: for every conversation with app messages unread for `delay` that no text covered
    /// yet, the one text "You have a new message from <practice> in the app." (or the recorded
    /// reason for none), each through its number's phone session. Returns the decisions taken
    /// (sent or skipped; a stretch that waits for the quiet hours to end is not one), at most
    /// `limit` per pass. `quietHours` are a practice's reminder quiet hours (Q1), on the
    /// client's clock.
    public func remindUnreadAppMessages(
        after delay: Duration, quietHours: @Sendable (PracticeID) -> QuietHours = { _ in .standard }, limit: Int = 200
    ) async throws -> [UnreadAppReminder] {
        guard delay > .zero else { return [] }
        let now = clock()
        let cutoff = now.addingTimeInterval(-delay.inSeconds)
        let stretches = try await store.unreadAppStretches(
            since: cutoff.addingTimeInterval(-Self.unreadAppLookback.inSeconds), sentBefore: cutoff, limit: limit)
        var decisions: [UnreadAppReminder] = []
        for stretch in stretches {
            guard let practice = try? practice(stretch.practiceID) else { continue }
            // The quiet hours of reminders (Q1), on the client's clock.
            let opens = quietHours(practice.id).sendTime(
                requestedAt: now, clientZone: stretch.phone.timeZone(orPractice: practice.timeZone),
                practiceZone: practice.timeZone)
            let decision = try await withSession(stretch.practiceID, stretch.phone) { session in
                try await session.remindUnreadApp(conversation: stretch.conversationID, delay: delay, practice: practice,
                                                  quietUntil: opens > now ? opens : nil, now: now)
            }
            guard let decision else { continue }
            if case .wait = decision { continue }
            if decision == .send { notifyOutbox() }
            decisions.append(decision)
        }
        return decisions
    }
}
