import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// The app channel's reads and the client's read mark (P1, P2), as the SQLite store has them. The
/// list reads the client's conversations through `conversation_by_client` and
/// `conversation_by_phone` (a bitmap OR of the two ranges); a row's unread count is a range of
/// `message_by_conversation`.
extension PostgresStore: AppChannelStore {
    /// The practice's PMS directory client with `externalID`, with its numbers.
    public func directoryClient(practice: PracticeID, externalID: String) async throws -> ClientProfile? {
        try Self.checkStorable(externalID)
        return try await readRow("""
            SELECT \(unescaped: Self.profileColumns) FROM client c
            WHERE c.practice_id = \(practice.rawValue) AND c.source = 'pms' AND c.external_id = \(externalID)
            """, Self.profile(from:))
    }

    /// The app list's query: the staff list's columns (so ``summary(from:)`` reads a row) plus the
    /// client's unread count; `$1` is the client whose name every row carries, `%WHERE%` the
    /// rows' condition and `%LIMIT%` the bind of the row limit.
    static let clientListSQL = """
        SELECT \(summaryColumns),
            (SELECT COUNT(*) FROM message u
                WHERE u.conversation_id = c.id AND u.direction = 'outbound' AND u.id > c.client_read_through) AS client_unread
        FROM conversation c
        LEFT JOIN message l ON l.id = c.last_message_id
        LEFT JOIN client n ON n.id = $1
        WHERE %WHERE%
        ORDER BY c.last_activity_at DESC, c.id DESC
        LIMIT %LIMIT%
        """

    /// The client's conversations: `$1` the client, `$2` the practice, `$3` the numbers, `$4` the limit.
    static let clientConversationsSQL = clientListSQL
        .replacingOccurrences(of: "%WHERE%", with: "(c.client_id = $1 AND c.practice_id = $2) OR (c.practice_id = $2 AND c.phone = ANY($3))")
        .replacingOccurrences(of: "%LIMIT%", with: "$4")

    /// One conversation: `$1` the client, `$2` the conversation.
    static let clientConversationSQL = clientListSQL
        .replacingOccurrences(of: "%WHERE%", with: "c.id = $2")
        .replacingOccurrences(of: "%LIMIT%", with: "1")

    /// The client's conversations in the practice, newest activity first (then newest id).
    public func clientConversations(
        practice: PracticeID, client: ClientID, phones: [PhoneNumber], limit: Int
    ) async throws -> [ClientConversationSummary] {
        var binds = PostgresBindings()
        binds.append(client.rawValue)
        binds.append(practice.rawValue)
        binds.append(Array(Set(phones.map(\.e164))).sorted())
        binds.append(Int64(max(1, limit)))
        return try await readRows(PostgresQuery(unsafeSQL: Self.clientConversationsSQL, binds: binds), Self.clientSummary(from:))
    }

    /// One conversation as the client's list shows it, whoever's it is.
    public func clientConversation(_ id: ConversationID, client: ClientID) async throws -> ClientConversationSummary? {
        var binds = PostgresBindings()
        binds.append(client.rawValue)
        binds.append(id.rawValue)
        return try await readRow(PostgresQuery(unsafeSQL: Self.clientConversationSQL, binds: binds), Self.clientSummary(from:))
    }

    /// Moves the client's read mark of `conversation` forward to `through` (never back), stamped
    /// `at` when it moves; nil when `through` is not a message of the conversation.
    public func markReadByClient(conversation: ConversationID, through: MessageID, at: Date) async throws -> ClientReadMark? {
        let c = conversation.rawValue
        let t = through.rawValue
        return try await client.withTransaction(logger: logger) { connection in
            let belongs = try await connection.query("""
                SELECT 1 FROM message WHERE id = \(t) AND conversation_id = \(c)
                """, logger: logger).collect()
            guard !belongs.isEmpty else { return nil }
            let moved = try await connection.query("""
                UPDATE conversation SET client_read_through = \(t), client_read_at = \(at.storageValue)
                WHERE id = \(c) AND client_read_through < \(t) RETURNING id
                """, logger: logger).collect()
            guard let row = try await connection.query("""
                SELECT client_read_through, client_read_at, (SELECT COUNT(*) FROM message m WHERE m.conversation_id = \(c)
                    AND m.direction = 'outbound' AND m.id > conversation.client_read_through)
                FROM conversation WHERE id = \(c)
                """, logger: logger).collect().first
            else { return nil }
            let (mark, readAt, unread) = try row.decode((Int64, Double?, Int).self)
            return ClientReadMark(conversation: conversation, through: MessageID(mark),
                                  at: readAt.map(Date.init(storageValue:)) ?? at, unread: unread, moved: !moved.isEmpty)
        }
    }

    /// A row of ``clientListSQL``.
    static func clientSummary(from row: PostgresRow) throws -> ClientConversationSummary {
        ClientConversationSummary(summary: try summary(from: row),
                                  unreadByClient: try StoredRow(row, table: "conversation").value("client_unread"))
    }
}
