import GRDB
import TextingCore
import TextingStore

/// Versioned migrations. Each migration is append-only: never edit one that has shipped.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE practice (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    country TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    practice_phone TEXT NOT NULL,
                    emergency_phone TEXT NOT NULL,
                    app_chat_enabled INTEGER NOT NULL DEFAULT 0,
                    texting_enabled INTEGER NOT NULL DEFAULT 0,
                    number_state TEXT NOT NULL DEFAULT 'none',
                    texting_number TEXT UNIQUE,
                    port_carrier TEXT,
                    hours_json TEXT,
                    created_at REAL NOT NULL
                );
                CREATE TABLE charge (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL REFERENCES practice(id),
                    kind TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE client (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL REFERENCES practice(id),
                    source TEXT NOT NULL,
                    external_id TEXT,
                    first_name TEXT,
                    last_name TEXT,
                    email TEXT,
                    app_json TEXT,
                    email_missing_from_pms INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    UNIQUE (practice_id, source, external_id)
                );
                CREATE INDEX client_last_name ON client(practice_id, last_name COLLATE NOCASE);
                CREATE INDEX client_email ON client(practice_id, email COLLATE NOCASE);
                CREATE TABLE client_phone (
                    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
                    practice_id INTEGER NOT NULL,
                    phone TEXT NOT NULL,
                    PRIMARY KEY (client_id, phone)
                );
                CREATE INDEX client_phone_lookup ON client_phone(practice_id, phone);
                CREATE TABLE subscription (
                    practice_id INTEGER NOT NULL,
                    phone TEXT NOT NULL,
                    two_way INTEGER NOT NULL,
                    reminders INTEGER NOT NULL,
                    two_way_opted_out_at REAL,
                    PRIMARY KEY (practice_id, phone)
                );
                CREATE TABLE subscription_change (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL,
                    phone TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    subscribed INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    method TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX subscription_change_lookup ON subscription_change(practice_id, phone, id);
                CREATE TABLE conversation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL REFERENCES practice(id),
                    phone TEXT NOT NULL,
                    client_id INTEGER,
                    title TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    ended_at REAL,
                    after_hours_replied_for REAL,
                    override_until REAL,
                    bot_json TEXT
                );
                CREATE UNIQUE INDEX conversation_one_active ON conversation(practice_id, phone) WHERE active = 1;
                CREATE INDEX conversation_by_practice ON conversation(practice_id, active, id);
                CREATE TABLE message (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER,
                    conversation_id INTEGER REFERENCES conversation(id),
                    phone TEXT NOT NULL,
                    practice_number TEXT,
                    direction TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    author TEXT NOT NULL,
                    client_name TEXT,
                    body TEXT NOT NULL,
                    inbound_sid TEXT,
                    outbound_sid TEXT,
                    routed INTEGER NOT NULL,
                    reminder_id INTEGER,
                    reminder_body TEXT,
                    reminder_sent_at REAL,
                    media_json TEXT,
                    delivery_state TEXT,
                    error_code INTEGER,
                    created_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX message_inbound_sid ON message(inbound_sid) WHERE inbound_sid IS NOT NULL;
                CREATE INDEX message_outbound_sid ON message(outbound_sid) WHERE outbound_sid IS NOT NULL;
                CREATE INDEX message_by_conversation ON message(conversation_id, id);
                CREATE INDEX message_by_phone ON message(practice_id, phone, id);
                CREATE TABLE reminder (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL,
                    phone TEXT NOT NULL,
                    body TEXT NOT NULL,
                    sent_at REAL NOT NULL,
                    message_id INTEGER NOT NULL REFERENCES message(id)
                );
                CREATE INDEX reminder_lookup ON reminder(practice_id, phone, sent_at);
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id INTEGER NOT NULL UNIQUE REFERENCES message(id),
                    practice_id INTEGER NOT NULL,
                    from_number TEXT NOT NULL,
                    to_number TEXT NOT NULL,
                    body TEXT NOT NULL,
                    media_json TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT,
                    compliance INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL
                );
                CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
                """)
        }
        migrator.registerMigration("v2-early-delivery-status") { db in
            // A carrier may report a status before our record of its sid is committed (the
            // callback races the send's answer). Such statuses wait here until the sid is known.
            try db.execute(sql: """
                CREATE TABLE early_delivery_status (
                    carrier_sid TEXT PRIMARY KEY,
                    state TEXT NOT NULL,
                    error_code INTEGER,
                    received_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-media") { db in
            // One row per file of a message (R4, R5), written in the message's transaction.
            // Inbound rows start pending and are worked through by the download service (the
            // partial index finds them); links resolve by id. `media_json` on the message keeps
            // the same list for reads and is updated with each download outcome.
            try db.execute(sql: """
                CREATE TABLE media (
                    id TEXT PRIMARY KEY,
                    message_id INTEGER NOT NULL REFERENCES message(id),
                    practice_id INTEGER,
                    direction TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    file_name TEXT,
                    stored_path TEXT,
                    source_url TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL,
                    failure TEXT,
                    byte_count INTEGER,
                    created_at REAL NOT NULL
                );
                CREATE INDEX media_pending ON media(next_attempt_at) WHERE state = 'pending';
                CREATE INDEX media_by_message ON media(message_id);
                """)
            // Messages stored before this migration keep their attachments: each gets an id and a
            // row, so files never fetched are fetched now (while the carrier still has them).
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, practice_id, direction, media_json, created_at FROM message WHERE media_json IS NOT NULL
                """)
            for row in rows {
                let text: String? = row["media_json"]
                guard var list = try? StoredJSON.decode([MediaAttachment].self, text), list.contains(where: { $0.id == nil })
                else { continue }
                let messageID: Int64 = row["id"]
                let practiceID: Int64? = row["practice_id"]
                let direction: String = row["direction"]
                let createdAt: Double = row["created_at"]
                for index in list.indices where list[index].id == nil {
                    let id = MediaIdentifier.random()
                    list[index].id = id
                    let item = list[index]
                    try db.execute(sql: """
                        INSERT INTO media (id, message_id, practice_id, direction, content_type, file_name, stored_path,
                            source_url, state, attempts, next_attempt_at, failure, byte_count, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                        """, arguments: [id, messageID, practiceID, direction, item.contentType, item.fileName, item.storedPath,
                                         item.sourceURL, item.state.rawValue, item.state == .pending ? createdAt : nil,
                                         item.failure, item.byteCount, createdAt])
                }
                try db.execute(sql: "UPDATE message SET media_json = ? WHERE id = ?",
                               arguments: [try StoredJSON.encode(list), messageID])
            }
        }
        migrator.registerMigration("v4-outbox-by-sender") { db in
            // The outbox sender reads each sender number's next rows (fairness over numbers: one
            // practice's batch must not hold up the others). Partial, so the rows already sent
            // or failed, nearly all of the table, are not in it.
            try db.execute(sql: """
                CREATE INDEX outbox_by_sender ON outbox(from_number, next_attempt_at)
                    WHERE state IN ('pending', 'sending');
                """)
        }
        migrator.registerMigration("v5-staff-accounts") { db in
            // Staff accounts of one practice each and their sessions (W1, W4). Logins are unique
            // across the daemon and stored in lower case. A session is kept only as the SHA-256
            // of its token. Messages and subscription changes get the account that made them
            // (NULL for the client, the bot, the platform and control-socket actions).
            try db.execute(sql: """
                CREATE TABLE staff_account (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    practice_id INTEGER NOT NULL REFERENCES practice(id),
                    login TEXT NOT NULL COLLATE NOCASE UNIQUE,
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    changed_at REAL NOT NULL
                );
                CREATE INDEX staff_account_by_practice ON staff_account(practice_id, id);
                CREATE TABLE staff_session (
                    token_hash TEXT PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES staff_account(id),
                    csrf_token TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_used_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE INDEX staff_session_by_account ON staff_session(account_id);
                ALTER TABLE message ADD COLUMN account_id INTEGER REFERENCES staff_account(id);
                ALTER TABLE subscription_change ADD COLUMN account_id INTEGER REFERENCES staff_account(id);
                """)
        }
        migrator.registerMigration("v6-inbox") { db in
            // The staff inbox (issue 12): the conversation list is read in its own order (active
            // first, newest activity, newest id) a page at a time, so each conversation keeps its
            // newest message and that message's time, written with the message. The read mark is
            // the practice's, not an account's (Docs/decisions.md): the newest message staff have
            // read up to, 0 for none; unread = inbound messages after it, counted in the index
            // alone (a partial index of inbound rows would still read each row). Existing conversations count as read up to their last staff reply, the mark
            // a reply sets from now on.
            try db.execute(sql: """
                ALTER TABLE conversation ADD COLUMN last_message_id INTEGER;
                ALTER TABLE conversation ADD COLUMN last_activity_at REAL NOT NULL DEFAULT 0;
                ALTER TABLE conversation ADD COLUMN staff_read_through INTEGER NOT NULL DEFAULT 0;
                UPDATE conversation SET last_message_id = (SELECT MAX(id) FROM message WHERE conversation_id = conversation.id);
                UPDATE conversation SET last_activity_at = COALESCE(
                    (SELECT created_at FROM message WHERE id = conversation.last_message_id), created_at);
                UPDATE conversation SET staff_read_through = COALESCE(
                    (SELECT MAX(id) FROM message WHERE conversation_id = conversation.id AND author LIKE 'staff:%'), 0);
                CREATE INDEX conversation_inbox ON conversation(practice_id, active, last_activity_at, id);
                CREATE INDEX message_by_conversation_direction ON message(conversation_id, direction, id);
                """)
        }
        // Issue 13, each in its own file, in this order.
        registerEventOutbox(&migrator)
        registerAppChannel(&migrator)
        registerAppNudge(&migrator)
        registerReminderSchedule(&migrator)
        // Issue 15.
        registerFewerTextIndexes(&migrator)
        return migrator
    }
}
