import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// The staff inbox's reads (issue 12): the conversation list and a thread, a keyset page at a
/// time, and the practice's read mark, in the SQLite store's order with its cursor. The list is a
/// backward range of `conversation_inbox` (the cursor a row comparison on its columns); a row's
/// unread count is a range of `message_by_conversation`, read from the index alone.
extension PostgresStore {
    /// What ``summary(from:)`` reads of a row: the conversation `c`, its staff unread count, the
    /// name of the client `n` and the newest message `l`. Used after `FROM conversation c`.
    static let summaryColumns = """
        c.*,
            (SELECT COUNT(*) FROM message u
                WHERE u.conversation_id = c.id AND u.direction = 'inbound' AND u.id > c.staff_read_through) AS inbox_unread,
            n.first_name AS inbox_first_name, n.last_name AS inbox_last_name,
            l.id AS last_id, l.direction AS last_direction, l.channel AS last_channel, l.author AS last_author,
            substr(l.body, 1, \(ConversationSummary.previewLength)) AS last_body, l.delivery_state AS last_delivery_state,
            l.error_code AS last_error_code, l.created_at AS last_created_at
        """

    /// The client's name of a conversation `c`: its profile, else R3's lookup by the number
    /// (directory, app accounts, then profiles from the bot or staff).
    static let inboxNameJoin = """
        LEFT JOIN LATERAL (
            SELECT k.first_name, k.last_name FROM client k WHERE c.client_id IS NOT NULL AND k.id = c.client_id
            UNION ALL
            (SELECT k.first_name, k.last_name FROM client_phone p JOIN client k ON k.id = p.client_id
                WHERE c.client_id IS NULL AND p.practice_id = c.practice_id AND p.phone = c.phone
                ORDER BY CASE k.source WHEN 'pms' THEN 0 WHEN 'app' THEN 1 ELSE 2 END, k.updated_at DESC, k.id DESC
                LIMIT 1)
        ) n ON TRUE
        """

    /// The list's query text, its binds numbered: `$1` the practice, then the cursor's three
    /// values when `paged`, then the row limit.
    static func conversationListSQL(activeOnly: Bool, paged: Bool) -> String {
        """
        SELECT \(summaryColumns)
        FROM conversation c
        LEFT JOIN message l ON l.id = c.last_message_id
        \(inboxNameJoin)
        WHERE c.practice_id = $1 \(activeOnly ? "AND c.active = 1" : "") \
        \(paged ? "AND (c.active, c.last_activity_at, c.id) < ($2, $3, $4)" : "")
        ORDER BY c.active DESC, c.last_activity_at DESC, c.id DESC
        LIMIT \(paged ? "$5" : "$2")
        """
    }

    /// A page's row limit: at least one, and small enough that asking for one row more (to know
    /// whether another page follows) cannot overflow.
    static func pageLimit(_ limit: Int) -> Int { min(max(1, limit), Int(Int32.max)) }

    /// A page of the practice's conversation list: active first, then newest activity, then
    /// newest id; `after` is the previous page's cursor.
    public func conversationList(
        practice: PracticeID, activeOnly: Bool, after: ConversationListCursor?, limit: Int
    ) async throws -> ConversationListPage {
        let limit = Self.pageLimit(limit)
        var binds = PostgresBindings()
        binds.append(practice.rawValue)
        if let after {
            binds.append(Int64(after.active ? 1 : 0))
            binds.append(after.lastActivityAt.storageValue)
            binds.append(after.id.rawValue)
        }
        binds.append(Int64(limit + 1))
        let query = PostgresQuery(unsafeSQL: Self.conversationListSQL(activeOnly: activeOnly, paged: after != nil), binds: binds)
        let rows = try await readRows(query, Self.summary(from:))
        let page = Array(rows.prefix(limit))
        return ConversationListPage(
            summaries: page, next: rows.count > limit ? page.last.map(ConversationListCursor.init(after:)) : nil)
    }

    /// The newest `limit` messages of a conversation before `before` (the newest when nil),
    /// oldest first, and the oldest of them when older ones remain.
    public func messages(conversation: ConversationID, before: MessageID?, limit: Int) async throws -> MessagePage {
        let limit = Int64(Self.pageLimit(limit))
        let query: PostgresQuery = if let before {
            """
            SELECT * FROM message WHERE conversation_id = \(conversation.rawValue) AND id < \(before.rawValue)
            ORDER BY id DESC LIMIT \(limit + 1)
            """
        } else {
            "SELECT * FROM message WHERE conversation_id = \(conversation.rawValue) ORDER BY id DESC LIMIT \(limit + 1)"
        }
        let rows = try await readRows(query, Self.message(from:))
        let page = Array(rows.prefix(Int(limit)).reversed())
        return MessagePage(messages: page, older: rows.count > Int(limit) ? page.first?.id : nil)
    }

    /// Moves the practice's read mark of `conversation` forward to `through` (never back), in one
    /// statement; nil when `through` is not a message of the conversation.
    public func markRead(conversation: ConversationID, through: MessageID) async throws -> ReadMark? {
        try await readRow("""
            WITH mark AS (
                UPDATE conversation SET staff_read_through = GREATEST(staff_read_through, \(through.rawValue))
                WHERE id = \(conversation.rawValue) AND EXISTS (
                    SELECT 1 FROM message WHERE id = \(through.rawValue) AND conversation_id = \(conversation.rawValue))
                RETURNING staff_read_through)
            SELECT m.staff_read_through, (SELECT COUNT(*) FROM message WHERE conversation_id = \(conversation.rawValue)
                AND direction = 'inbound' AND id > m.staff_read_through) FROM mark m
            """) { row in
            let (mark, unread) = try row.decode((Int64, Int64).self)
            return ReadMark(conversation: conversation, through: MessageID(mark), unread: Int(unread))
        }
    }
}
