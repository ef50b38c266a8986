import GRDB

extension Schema {
    /// Fewer index entries for a text to write (issue 15). Every inbound text adds a message
    /// and moves its conversation's `last_activity_at`; each index entry that changes is a page
    /// of its own in the commit (the numbers' conversations are spread over the file), and the
    /// commit's pages are what the WAL writes, syncs and copies back. Two entries fewer a text:
    ///
    /// - `message_by_conversation (conversation_id, id, direction)` replaces both
    ///   `message_by_conversation (conversation_id, id)` and
    ///   `message_by_conversation_direction (conversation_id, direction, id)`: the thread still
    ///   reads a range of it, and an unread count ("inbound after the read mark") still comes from
    ///   the index alone, reading the outbound entries of that range too (at most twice as many).
    /// - The app channel's lookups of a client's conversations, `conversation_by_client` and
    ///   `conversation_by_phone`, lose `last_activity_at`: the app's list ORs their two ranges and
    ///   sorts the client's few conversations itself either way.
    static func registerFewerTextIndexes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-fewer-text-indexes") { db in
            try db.execute(sql: """
                DROP INDEX message_by_conversation_direction;
                DROP INDEX message_by_conversation;
                CREATE INDEX message_by_conversation ON message(conversation_id, id, direction);
                DROP INDEX conversation_by_client;
                DROP INDEX conversation_by_phone;
                CREATE INDEX conversation_by_client ON conversation(client_id) WHERE client_id IS NOT NULL;
                CREATE INDEX conversation_by_phone ON conversation(practice_id, phone);
                """)
        }
    }
}
