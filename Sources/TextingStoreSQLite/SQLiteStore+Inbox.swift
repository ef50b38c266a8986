import Foundation
import GRDB
import TextingCore
import TextingStore

/// The staff inbox's reads (issue 12): the conversation list and a thread, a keyset page at a
/// time, and the practice's read mark. Both lists are index range scans (`conversation_inbox`,
/// `message_by_conversation`); a row's unread count is a range of
/// `message_by_conversation`, read from the index alone.
extension SQLiteStore {
    /// The list's one query. `%ACTIVE%` and `%AFTER%` are replaced by the optional conditions.
    /// The client's name: the conversation's profile, else R3's lookup by the number (directory,
    /// app accounts, then profiles from the bot or staff).
    private static let listSQL = """
        SELECT \(summaryColumns)
        FROM conversation c
        LEFT JOIN message l ON l.id = c.last_message_id
        LEFT JOIN client n ON n.id = COALESCE(c.client_id, (
            SELECT k.id FROM client_phone p JOIN client k ON k.id = p.client_id
            WHERE p.practice_id = c.practice_id AND p.phone = c.phone
            ORDER BY CASE k.source WHEN 'pms' THEN 0 WHEN 'app' THEN 1 ELSE 2 END, k.updated_at DESC, k.id DESC
            LIMIT 1))
        WHERE c.practice_id = ? %ACTIVE% %AFTER%
        ORDER BY c.active DESC, c.last_activity_at DESC, c.id DESC
        LIMIT ?
        """

    /// What ``summary(from:)`` reads of a row: the conversation `c`, its staff unread count, the
    /// name of the client `n` and the newest message `l`.
    static let summaryColumns = """
        c.*,
            (SELECT COUNT(*) FROM message u
                WHERE u.conversation_id = c.id AND u.direction = 'inbound' AND u.id > c.staff_read_through) AS inbox_unread,
            n.first_name AS inbox_first_name, n.last_name AS inbox_last_name,
            l.id AS last_id, l.direction AS last_direction, l.channel AS last_channel, l.author AS last_author,
            substr(l.body, 1, \(ConversationSummary.previewLength)) AS last_body, l.delivery_state AS last_delivery_state,
            l.error_code AS last_error_code, l.created_at AS last_created_at
        """

    static func conversationListSQL(activeOnly: Bool, paged: Bool) -> String {
        listSQL.replacingOccurrences(of: "%ACTIVE%", with: activeOnly ? "AND c.active = 1" : "")
            .replacingOccurrences(of: "%AFTER%", with: paged ? "AND (c.active, c.last_activity_at, c.id) < (?, ?, ?)" : "")
    }

    public func conversationList(
        practice: PracticeID, activeOnly: Bool, after: ConversationListCursor?, limit: Int
    ) async throws -> ConversationListPage {
        let limit = max(1, limit)
        let sql = Self.conversationListSQL(activeOnly: activeOnly, paged: after != nil)
        let rows = try await pool.read { db in
            var arguments: StatementArguments = [practice.rawValue]
            if let after { arguments += [after.active, after.lastActivityAt.storageValue, after.id.rawValue] }
            arguments += [limit + 1]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Self.summary(from:))
        }
        let page = Array(rows.prefix(limit))
        return ConversationListPage(
            summaries: page, next: rows.count > limit ? page.last.map(ConversationListCursor.init(after:)) : nil)
    }

    public func messages(conversation: ConversationID, before: MessageID?, limit: Int) async throws -> MessagePage {
        let limit = max(1, limit)
        let rows = try await pool.read { db in
            if let before {
                return try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM message WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                    """), arguments: try .exact([conversation.rawValue, before.rawValue, limit + 1])).map(Self.message(from:))
            }
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM message WHERE conversation_id = ? ORDER BY id DESC LIMIT ?
                """), arguments: try .exact([conversation.rawValue, limit + 1])).map(Self.message(from:))
        }
        let page = Array(rows.prefix(limit).reversed())
        return MessagePage(messages: page, older: rows.count > limit ? page.first?.id : nil)
    }

    public func markRead(conversation: ConversationID, through: MessageID) async throws -> ReadMark? {
        try await committer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE id = ? AND conversation_id = ?)",
                                    arguments: try .exact([through.rawValue, conversation.rawValue])) == true
            else { return nil }
            try db.execute(sql: "UPDATE conversation SET staff_read_through = MAX(staff_read_through, ?) WHERE id = ?",
                           arguments: try .exact([through.rawValue, conversation.rawValue]))
            let mark = try Int64.fetchOne(db, sql: "SELECT staff_read_through FROM conversation WHERE id = ?",
                                          arguments: try .exact([conversation.rawValue])) ?? through.rawValue
            let unread = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'inbound' AND id > ?
                """, arguments: try .exact([conversation.rawValue, mark])) ?? 0
            return ReadMark(conversation: conversation, through: MessageID(mark), unread: unread)
        }
    }

    static func summary(from row: Row) throws -> ConversationSummary {
        let record = try conversation(from: row)
        let name = [row["inbox_first_name"] as String?, row["inbox_last_name"] as String?]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        var last: MessagePreview?
        if let id = row["last_id"] as Int64? {
            let direction: String = row["last_direction"]
            let channel: String = row["last_channel"]
            let state: String? = row["last_delivery_state"]
            last = MessagePreview(
                id: MessageID(id), direction: MessageDirection(rawValue: direction) ?? .inbound,
                channel: Channel(rawValue: channel) ?? .text, author: MessageAuthor(parsing: row["last_author"]),
                body: row["last_body"], deliveryState: state.flatMap { DeliveryState(rawValue: $0) },
                errorCode: row["last_error_code"], createdAt: Date(storageValue: row["last_created_at"]))
        }
        let mark: Int64 = row["staff_read_through"]
        return ConversationSummary(
            conversation: record, clientName: name.isEmpty ? nil : name, lastMessage: last,
            lastActivityAt: Date(storageValue: row["last_activity_at"]), unread: row["inbox_unread"],
            staffReadThrough: mark > 0 ? MessageID(mark) : nil)
    }
}
