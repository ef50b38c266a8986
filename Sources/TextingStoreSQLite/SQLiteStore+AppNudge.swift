import Foundation
import GRDB
import TextingCore
import TextingStore

/// The unread-app text's reads and its record (P2, P3). Candidates come from
/// `message_outbound_app` (messages delivered in the app, by time); one conversation's stretch
/// from `message_by_conversation`.
extension SQLiteStore {
    /// Unread outbound app messages of conversations whose latest stretch no decision covers.
    private static let uncovered = """
        m.direction = 'outbound' AND m.channel = 'app' AND m.id > c.client_read_through
            AND (n.through_message_id IS NULL OR n.through_message_id <= c.client_read_through)
        """

    public func unreadAppStretches(since: Date, sentBefore: Date, limit: Int) async throws -> [UnreadAppStretch] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.id AS conversation_id, c.practice_id, c.phone, MAX(m.id) AS newest, MIN(m.created_at) AS oldest_at
                FROM message m INDEXED BY message_outbound_app
                JOIN conversation c ON c.id = m.conversation_id
                LEFT JOIN app_nudge n ON n.conversation_id = c.id
                WHERE m.direction = 'outbound' AND m.channel = 'app' AND m.conversation_id IS NOT NULL
                    AND m.created_at >= ? AND m.created_at < ? AND \(Self.uncovered)
                GROUP BY c.id ORDER BY oldest_at, c.id LIMIT ?
                """), arguments: try .exact([since.storageValue, sentBefore.storageValue, max(1, limit)]))
                .compactMap(Self.stretch(from:))
        }
    }

    public func unreadAppStretch(conversation: ConversationID) async throws -> UnreadAppStretch? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT c.id AS conversation_id, c.practice_id, c.phone, MAX(m.id) AS newest, MIN(m.created_at) AS oldest_at
                FROM conversation c
                JOIN message m ON m.conversation_id = c.id
                LEFT JOIN app_nudge n ON n.conversation_id = c.id
                WHERE c.id = ? AND \(Self.uncovered)
                GROUP BY c.id
                """), arguments: try .exact([conversation.rawValue])).flatMap(Self.stretch(from:))
        }
    }

    public func appNudge(conversation: ConversationID) async throws -> AppNudgeMark? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT through_message_id, skipped, at FROM app_nudge WHERE conversation_id = ?
                """), arguments: try .exact([conversation.rawValue])).map { row in
                AppNudgeMark(conversationID: conversation, through: MessageID(row["through_message_id"]),
                             skipped: (row["skipped"] as String?).flatMap(UnreadAppReminderSkip.init(rawValue:)),
                             at: Date(storageValue: row["at"]))
            }
        }
    }

    /// Writes the decision on a stretch inside a session batch's transaction; `message` is the
    /// text it sent, if any. Throws ``AppNudgeAlreadyDecided`` (and the batch is rolled back)
    /// when the stretch was decided meanwhile by another daemon on the same database.
    static func recordAppNudge(_ db: Database, _ nudge: AppNudgeMark, message: MessageID?) throws {
        let decided = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM app_nudge n JOIN conversation c ON c.id = n.conversation_id
                WHERE n.conversation_id = ? AND n.through_message_id > c.client_read_through)
            """), arguments: try .exact([nudge.conversationID.rawValue])) ?? false
        if decided { throw AppNudgeAlreadyDecided() }
        try db.executeCached(sql: """
            INSERT INTO app_nudge (conversation_id, through_message_id, skipped, message_id, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (conversation_id) DO UPDATE SET through_message_id = excluded.through_message_id,
                skipped = excluded.skipped, message_id = excluded.message_id, at = excluded.at
            """, arguments: try .exact([nudge.conversationID.rawValue, nudge.through.rawValue, nudge.skipped?.rawValue,
                                        nudge.skipped == nil ? message?.rawValue : nil, nudge.at.storageValue]))
    }

    /// A stretch from a row of the queries above; nil for a number the store no longer parses.
    private static func stretch(from row: Row) -> UnreadAppStretch? {
        guard let phone = PhoneNumber(e164: row["phone"]) else { return nil }
        return UnreadAppStretch(
            conversationID: ConversationID(row["conversation_id"]), practiceID: PracticeID(row["practice_id"]),
            phone: phone, newestUnread: MessageID(row["newest"]), oldestUnreadAt: Date(storageValue: row["oldest_at"]))
    }
}
