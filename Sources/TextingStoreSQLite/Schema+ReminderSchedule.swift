import GRDB

extension Schema {
    /// The tables of the reminders held for quiet hours and idempotency keys (Q1).
    static func registerReminderSchedule(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-reminder-schedule") { db in
            try db.execute(sql: """
                CREATE TABLE reminder_request (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
                    idempotency_key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    body TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    pms_client_id TEXT,
                    requested_at REAL NOT NULL,
                    send_at REAL NOT NULL,
                    time_zone TEXT NOT NULL,
                    state TEXT NOT NULL,
                    claimed_until REAL,
                    claimed_at REAL,
                    message_id INTEGER,
                    refusal_code TEXT,
                    refusal_message TEXT
                );
                CREATE UNIQUE INDEX reminder_request_key ON reminder_request(practice_id, idempotency_key);
                CREATE INDEX reminder_request_due ON reminder_request(state, send_at) WHERE state IN ('scheduled', 'sending');
                """)
        }
    }
}
