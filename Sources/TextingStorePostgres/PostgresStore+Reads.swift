import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// Staff reads of conversations, messages and subscriptions, the same rows in the same order as
/// the SQLite store's.
extension PostgresStore {
    /// The conversation with `id`, if any.
    public func conversation(_ id: ConversationID) async throws -> ConversationRecord? {
        try await readRow("SELECT * FROM conversation WHERE id = \(id.rawValue)", Self.conversation(from:))
    }

    /// The practice's conversations (only the active ones when `activeOnly`), oldest first.
    public func conversations(practice: PracticeID, activeOnly: Bool) async throws -> [ConversationRecord] {
        let query: PostgresQuery = activeOnly
            ? "SELECT * FROM conversation WHERE practice_id = \(practice.rawValue) AND active = 1 ORDER BY id"
            : "SELECT * FROM conversation WHERE practice_id = \(practice.rawValue) ORDER BY id"
        return try await readRows(query, Self.conversation(from:))
    }

    /// Every message of a conversation, oldest first.
    public func messages(conversation: ConversationID) async throws -> [MessageRecord] {
        try await readRows("SELECT * FROM message WHERE conversation_id = \(conversation.rawValue) ORDER BY id", Self.message(from:))
    }

    /// Messages of a practice (or orphans when nil) that are not part of any conversation.
    public func messagesOutsideConversations(practice: PracticeID?) async throws -> [MessageRecord] {
        guard let practice else {
            return try await readRows("SELECT * FROM message WHERE practice_id IS NULL ORDER BY id", Self.message(from:))
        }
        return try await readRows("""
            SELECT * FROM message WHERE practice_id = \(practice.rawValue) AND conversation_id IS NULL ORDER BY id
            """, Self.message(from:))
    }

    /// The message with `id`, if any.
    public func message(_ id: MessageID) async throws -> MessageRecord? {
        try await readRow("SELECT * FROM message WHERE id = \(id.rawValue)", Self.message(from:))
    }

    /// The number's subscriptions in the practice; both subscribed when nothing was recorded.
    public func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions {
        try await readRow("""
            SELECT * FROM subscription WHERE practice_id = \(practice.rawValue) AND phone = \(phone.e164)
            """, Self.subscriptions(from:)) ?? Subscriptions()
    }

    /// Every recorded change of the number's subscriptions in the practice, oldest first (O4).
    public func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange] {
        try await readRows("""
            SELECT * FROM subscription_change WHERE practice_id = \(practice.rawValue) AND phone = \(phone.e164) ORDER BY id
            """) { row in
            let r = StoredRow(row, table: "subscription_change")
            return SubscriptionChange(
                kind: try r.enumeration(SubscriptionKind.self, "kind"), subscribed: try r.flag("subscribed"),
                actor: try r.value("actor"), method: try r.value("method"), at: try r.date("at"),
                accountID: try r.value("account_id"))
        }
    }

    /// The rows of `query`, each made into a value by `transform`.
    func readRows<T>(_ query: PostgresQuery, _ transform: (PostgresRow) throws -> T) async throws -> [T] {
        var values: [T] = []
        for try await row in try await client.query(query, logger: logger) { values.append(try transform(row)) }
        return values
    }

    /// The first row of `query` made into a value by `transform`; nil when there is none.
    func readRow<T>(_ query: PostgresQuery, _ transform: (PostgresRow) throws -> T) async throws -> T? {
        for try await row in try await client.query(query, logger: logger) { return try transform(row) }
        return nil
    }
}
