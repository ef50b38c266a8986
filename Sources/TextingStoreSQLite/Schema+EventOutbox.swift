import GRDB

extension Schema {
    /// The tables of the event outbox of the platform's webhooks (V1): the endpoints, the events
    /// (written in the transaction of the change they report) and one delivery per event and
    /// endpoint whose filter takes it.
    static func registerEventOutbox(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-event-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_endpoint (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    event_types_json TEXT,
                    secret TEXT,
                    secret_credential TEXT,
                    source TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    disabled_at REAL
                );
                CREATE INDEX webhook_endpoint_enabled ON webhook_endpoint(practice_id) WHERE disabled_at IS NULL;
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL,
                    ordering_key TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE event_delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id INTEGER NOT NULL REFERENCES event(id),
                    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoint(id),
                    practice_id INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    ordering_key TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    first_attempt_at REAL,
                    delivered_at REAL,
                    last_status INTEGER,
                    last_error TEXT,
                    UNIQUE (event_id, endpoint_id)
                );
                CREATE INDEX event_delivery_open ON event_delivery(endpoint_id, ordering_key, id)
                    WHERE state IN ('pending', 'sending');
                CREATE INDEX event_delivery_due ON event_delivery(next_attempt_at, id) WHERE state = 'pending';
                CREATE INDEX event_delivery_failed ON event_delivery(practice_id, id) WHERE state = 'failed';
                """)
        }
    }
}
