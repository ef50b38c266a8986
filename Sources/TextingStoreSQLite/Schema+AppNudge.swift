import GRDB

extension Schema {
    /// The unread-app text's record (P2, P3): one row per conversation for its latest unread
    /// stretch, and an index over the messages delivered in the app so finding unread ones reads
    /// only those.
    static func registerAppNudge(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8b-app-nudge") { db in
            try db.execute(sql: """
                CREATE TABLE app_nudge (
                    conversation_id INTEGER PRIMARY KEY REFERENCES conversation(id),
                    through_message_id INTEGER NOT NULL,
                    skipped TEXT,
                    message_id INTEGER,
                    at REAL NOT NULL
                );
                CREATE INDEX message_outbound_app ON message(created_at)
                    WHERE direction = 'outbound' AND channel = 'app' AND conversation_id IS NOT NULL;
                """)
        }
    }
}
