import Foundation
import GRDB
import TextingCore
import TextingStore

/// The app channel's reads and the client's read mark (P1, P2). The list reads the client's
/// conversations through `conversation_by_client` and `conversation_by_phone`; a row's unread
/// count is a range of `message_by_conversation`, read from the index alone.
extension SQLiteStore {
    public func directoryClient(practice: PracticeID, externalID: String) async throws -> ClientProfile? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT * FROM client WHERE practice_id = ? AND source = 'pms' AND external_id = ?
                """), arguments: try .exact([practice.rawValue, externalID])).map { try Self.profile(db, from: $0) }
        }
    }

    /// The app list's query: the staff list's columns (so ``summary(from:)`` reads a row) plus the
    /// client's unread count. `%WHERE%` is replaced by the rows' condition.
    static let clientListSQL = """
        SELECT \(summaryColumns),
            (SELECT COUNT(*) FROM message u
                WHERE u.conversation_id = c.id AND u.direction = 'outbound' AND u.id > c.client_read_through) AS client_unread
        FROM conversation c
        LEFT JOIN message l ON l.id = c.last_message_id
        LEFT JOIN client n ON n.id = ?
        WHERE %WHERE%
        ORDER BY c.last_activity_at DESC, c.id DESC
        LIMIT ?
        """

    /// The list's query for `numbers` numbers. Each side of the OR names its whole index
    /// (`conversation_by_client`, `conversation_by_phone`), so SQLite reads the two ranges instead
    /// of every conversation of the practice. No numbers: `IN (NULL)` matches nothing.
    static func clientListSQL(numbers: Int) -> String {
        let placeholders = numbers == 0 ? "NULL" : Array(repeating: "?", count: numbers).joined(separator: ", ")
        return clientListSQL.replacingOccurrences(
            of: "%WHERE%",
            with: "(c.client_id = ? AND c.practice_id = ?) OR (c.practice_id = ? AND c.phone IN (\(placeholders)))")
    }

    public func clientConversations(
        practice: PracticeID, client: ClientID, phones: [PhoneNumber], limit: Int
    ) async throws -> [ClientConversationSummary] {
        let numbers = Array(Set(phones.map(\.e164))).sorted()
        let sql = Self.clientListSQL(numbers: numbers.count)
        var arguments: StatementArguments = [client.rawValue, client.rawValue, practice.rawValue, practice.rawValue]
        arguments += StatementArguments(numbers)
        arguments += [max(1, limit)]
        return try await pool.read { [arguments] db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                ClientConversationSummary(summary: try Self.summary(from: row), unreadByClient: row["client_unread"])
            }
        }
    }

    public func clientConversation(_ id: ConversationID, client: ClientID) async throws -> ClientConversationSummary? {
        let sql = Self.clientListSQL.replacingOccurrences(of: "%WHERE%", with: "c.id = ?")
        return try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: sql), arguments: try .exact([client.rawValue, id.rawValue, 1])).map { row in
                ClientConversationSummary(summary: try Self.summary(from: row), unreadByClient: row["client_unread"])
            }
        }
    }

    public func markReadByClient(conversation: ConversationID, through: MessageID, at: Date) async throws -> ClientReadMark? {
        try await committer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE id = ? AND conversation_id = ?)",
                                    arguments: try .exact([through.rawValue, conversation.rawValue])) == true
            else { return nil }
            try db.execute(sql: """
                UPDATE conversation SET client_read_through = ?, client_read_at = ? WHERE id = ? AND client_read_through < ?
                """, arguments: try .exact([through.rawValue, at.storageValue, conversation.rawValue, through.rawValue]))
            let moved = db.changesCount > 0
            guard let row = try Row.fetchOne(db, sql: """
                SELECT client_read_through, client_read_at FROM conversation WHERE id = ?
                """, arguments: try .exact([conversation.rawValue]))
            else { return nil }
            let mark: Int64 = row["client_read_through"]
            let unread = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'outbound' AND id > ?
                """, arguments: try .exact([conversation.rawValue, mark])) ?? 0
            return ClientReadMark(conversation: conversation, through: MessageID(mark), at: row.date("client_read_at") ?? at,
                                  unread: unread, moved: moved)
        }
    }
}
