import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// The unread-app text's reads (P2, P3), as the SQLite store has them. Candidates come from
/// `message_outbound_app` (messages delivered in the app, by time); one conversation's stretch
/// from `message_by_conversation`. The decision itself is written in a session batch's
/// transaction (``commit(_:)``).
extension PostgresStore: AppNudgeStore {
    /// Unread outbound app messages of conversations whose latest stretch no decision covers.
    private static let uncovered = """
        m.direction = 'outbound' AND m.channel = 'app' AND m.id > c.client_read_through
            AND (n.through_message_id IS NULL OR n.through_message_id <= c.client_read_through)
        """

    /// Conversations with unread app messages sent in [`since`, `sentBefore`) that no decision
    /// covers, oldest first, at most `limit`.
    public func unreadAppStretches(since: Date, sentBefore: Date, limit: Int) async throws -> [UnreadAppStretch] {
        try await readRows("""
            SELECT c.id AS conversation_id, c.practice_id, c.phone, MAX(m.id) AS newest, MIN(m.created_at) AS oldest_at
            FROM message m
            JOIN conversation c ON c.id = m.conversation_id
            LEFT JOIN app_nudge n ON n.conversation_id = c.id
            WHERE m.direction = 'outbound' AND m.channel = 'app' AND m.conversation_id IS NOT NULL
                AND m.created_at >= \(since.storageValue) AND m.created_at < \(sentBefore.storageValue)
                AND \(unescaped: Self.uncovered)
            GROUP BY c.id ORDER BY oldest_at, c.id LIMIT \(Int64(max(1, limit)))
            """, Self.stretch(from:)).compactMap { $0 }
    }

    /// The uncovered unread stretch of one conversation now, or nil.
    public func unreadAppStretch(conversation: ConversationID) async throws -> UnreadAppStretch? {
        try await readRow("""
            SELECT c.id AS conversation_id, c.practice_id, c.phone, MAX(m.id) AS newest, MIN(m.created_at) AS oldest_at
            FROM conversation c
            JOIN message m ON m.conversation_id = c.id
            LEFT JOIN app_nudge n ON n.conversation_id = c.id
            WHERE c.id = \(conversation.rawValue) AND \(unescaped: Self.uncovered)
            GROUP BY c.id
            """, Self.stretch(from:)) ?? nil
    }

    /// The decision recorded for `conversation`'s latest stretch, if any.
    public func appNudge(conversation: ConversationID) async throws -> AppNudgeMark? {
        try await readRow("""
            SELECT through_message_id, skipped, at FROM app_nudge WHERE conversation_id = \(conversation.rawValue)
            """) { row in
            let (through, skipped, at) = try row.decode((Int64, String?, Double).self)
            return AppNudgeMark(conversationID: conversation, through: MessageID(through),
                                skipped: skipped.flatMap(UnreadAppReminderSkip.init(rawValue:)),
                                at: Date(storageValue: at))
        }
    }

    /// A stretch from a row of the queries above; nil for a number the store no longer parses.
    private static func stretch(from row: PostgresRow) throws -> UnreadAppStretch? {
        let (conversation, practice, phoneText, newest, oldestAt) = try row.decode((Int64, Int64, String, Int64, Double).self)
        guard let phone = PhoneNumber(e164: phoneText) else { return nil }
        return UnreadAppStretch(
            conversationID: ConversationID(conversation), practiceID: PracticeID(practice), phone: phone,
            newestUnread: MessageID(newest), oldestUnreadAt: Date(storageValue: oldestAt))
    }
}
