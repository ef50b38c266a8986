import GRDB

extension Schema {
    /// The tables of the app channel (P2, P3).
    static func registerAppChannel(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-app-channel") { db in
            // The pet owner's read mark per conversation (P2's read receipt), apart from the front
            // desk's: the newest message the client has read in the app (0 for none) and when.
            // The app lists a client's conversations by client id or by the client's numbers.
            try db.execute(sql: """
                ALTER TABLE conversation ADD COLUMN client_read_through INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE conversation ADD COLUMN client_read_at REAL;
                CREATE INDEX conversation_by_client ON conversation(client_id, last_activity_at) WHERE client_id IS NOT NULL;
                CREATE INDEX conversation_by_phone ON conversation(practice_id, phone, last_activity_at);
                """)
        }
    }
}
