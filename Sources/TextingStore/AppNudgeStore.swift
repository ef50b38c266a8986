import Foundation
import TextingCore

/// What the unread-app text keeps (P2, P3): which unread stretches were covered.
///
/// The decision itself is written with a ``SessionBatch`` (``SessionBatch/appNudge``), in the
/// transaction of the text it sends.
public protocol AppNudgeStore: Sendable {
    /// Conversations with outbound messages in the app sent between `since` and `sentBefore`
    /// that the client has not read and no decision covers yet, oldest first, at most `limit`.
    func unreadAppStretches(since: Date, sentBefore: Date, limit: Int) async throws -> [UnreadAppStretch]
    /// The uncovered unread stretch of one conversation now, or nil (read since, or covered).
    func unreadAppStretch(conversation: ConversationID) async throws -> UnreadAppStretch?
    /// The decision recorded for `conversation`'s latest stretch, if any.
    func appNudge(conversation: ConversationID) async throws -> AppNudgeMark?
}
