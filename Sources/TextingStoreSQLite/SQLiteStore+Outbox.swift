import Foundation
import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    public func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox {
        let skipped = "[" + skipping.map { "\"\($0.e164)\"" }.joined(separator: ",") + "]"  // E.164: + and digits
        let held = "[" + excluding.map(String.init).joined(separator: ",") + "]"
        return try await pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.dueOutboxSQL),
                                        arguments: [skipped, now.storageValue, max(perSender, 0), held])
            let next = try Double.fetchOne(db.cachedStatement(sql: Self.nextOutboxAttemptSQL),
                                           arguments: [now.storageValue, now.storageValue])
            return DueOutbox(items: try rows.map(Self.outboxItem), nextAttemptAt: next.map(Date.init(storageValue:)))
        }
    }

    /// Of every sender number with unsent rows but those in the JSON array `skipped`, the first
    /// `perSender` rows due at `now`, less the ids in the JSON array `held` (the arguments, in
    /// that order) and less the rows being sent (`sending`: claimed, so they count against the
    /// window like held ones but cannot be claimed again). `sender` walks the distinct sender
    /// numbers through the `outbox_by_sender` index, one seek each however long their queues;
    /// each number's rows come from the same index in order, and are then read by id. A read
    /// costs a seek per number and `perSender` index steps per number not skipped, and decodes
    /// only the rows it returns, whatever the depth of the outbox. (Reading the oldest 1,000 due
    /// rows over all numbers instead let one number's backlog fill every read, and decoded the
    /// rows already handed out each time.) The indexes are named: left to choose, SQLite found
    /// the smallest sender number, and the rows by id, by walking every unsent row in
    /// `outbox_due` (state first), 120 ms a read with 40,000 queued replies, which woken reads
    /// repeated under a stream of first texts (issue 15).
    static let dueOutboxSQL = """
        WITH RECURSIVE sender(number) AS (
            SELECT MIN(from_number) FROM outbox INDEXED BY outbox_by_sender WHERE state IN ('pending', 'sending')
            UNION ALL
            SELECT (SELECT MIN(from_number) FROM outbox INDEXED BY outbox_by_sender
                    WHERE state IN ('pending', 'sending') AND from_number > sender.number)
            FROM sender WHERE sender.number IS NOT NULL
        ),
        wanted(number) AS (
            SELECT number FROM sender
            WHERE number IS NOT NULL AND number NOT IN (SELECT value FROM json_each(?))
        )
        SELECT outbox.* FROM wanted JOIN outbox NOT INDEXED ON outbox.id IN (
            SELECT queued.id FROM outbox AS queued INDEXED BY outbox_by_sender
            WHERE queued.from_number = wanted.number AND queued.state IN ('pending', 'sending')
                AND queued.next_attempt_at <= ?
            ORDER BY queued.next_attempt_at, queued.id LIMIT ?)
        WHERE outbox.id NOT IN (SELECT value FROM json_each(?)) AND outbox.state = 'pending'
        ORDER BY outbox.next_attempt_at, outbox.id
        """

    /// The earliest attempt after `?` of an unsent row; each half is one seek in `outbox_due`.
    static let nextOutboxAttemptSQL = """
        SELECT MIN(at) FROM (
            SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND next_attempt_at > ?
            UNION ALL
            SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'sending' AND next_attempt_at > ?)
        """

    static func outboxItem(_ row: Row) throws -> OutboxItem {
        OutboxItem(
            id: row["id"], messageID: MessageID(row["message_id"]), practiceID: PracticeID(row["practice_id"]),
            from: try row.phone("from_number", table: "outbox"), to: try row.phone("to_number", table: "outbox"),
            body: row["body"], media: try StoredJSON.decode([MediaAttachment].self, row["media_json"]) ?? [],
            attempts: row["attempts"], compliance: row["compliance"],
            createdAt: Date(storageValue: row["created_at"]))
    }

    public func outboxDepth() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')") ?? 0
        }
    }

    @discardableResult
    public func markSending(_ item: OutboxItem) async throws -> Bool {
        try await committer.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                           arguments: [item.id])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE message SET delivery_state = 'sending' WHERE id = ? AND delivery_state = 'queued'",
                           arguments: [item.messageID.rawValue])
            return true
        }
    }

    public func resumeInterruptedSends() async throws -> Int {
        try await committer.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'pending' WHERE state = 'sending'")
            return db.changesCount
        }
    }

    /// Records what the carrier answered. Its id and error text are stored with any U+0000
    /// replaced (``StoredText/replacingNUL(_:)``): refusing them would leave a message the
    /// carrier accepted unrecorded, and the sender would send it again.
    public func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws {
        try await committer.write { db in
            switch outcome {
            case .accepted(let carrierSID, let state):
                let sid = StoredText.replacingNUL(carrierSID)
                try db.execute(sql: "UPDATE outbox SET state = 'done', last_error = NULL WHERE id = ?", arguments: [item.id])
                var final = state
                var errorCode: Int?
                if let early = try Row.fetchOne(db, sql: "SELECT * FROM early_delivery_status WHERE carrier_sid = ?",
                                                arguments: [sid]) {
                    let text: String = early["state"]
                    if let reported = DeliveryState(rawValue: text), state.canAdvance(to: reported) {
                        final = reported
                        errorCode = early["error_code"]
                    }
                    try db.execute(sql: "DELETE FROM early_delivery_status WHERE carrier_sid = ?", arguments: [sid])
                }
                try db.execute(sql: "UPDATE message SET outbound_sid = ?, delivery_state = ?, error_code = ? WHERE id = ?",
                               arguments: [sid, final.rawValue, errorCode, item.messageID.rawValue])
            case .retry(let at, let error):
                try db.execute(sql: "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?",
                               arguments: [at.storageValue, StoredText.replacingNUL(error), item.id])
            case .failed(let code, let error):
                try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
                               arguments: [StoredText.replacingNUL(error), item.id])
                try db.execute(sql: "UPDATE message SET delivery_state = 'failed', error_code = ? WHERE id = ?",
                               arguments: [code, item.messageID.rawValue])
            }
            try EventOutboxWriter.recordSend(db, item: item, outcome: outcome)
        }
    }

    public func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord? {
        try await committer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM message WHERE outbound_sid = ?", arguments: try .exact([carrierSID]))
            else {
                try Self.keepEarlyStatus(db, carrierSID: carrierSID, state: state, errorCode: errorCode)
                return nil
            }
            var message = try Self.message(from: row)
            let current = message.deliveryState ?? .queued
            guard current.canAdvance(to: state) else { return nil }
            try db.execute(sql: "UPDATE message SET delivery_state = ?, error_code = COALESCE(?, error_code) WHERE id = ?",
                           arguments: [state.rawValue, errorCode, message.id.rawValue])
            message.deliveryState = state
            message.errorCode = errorCode ?? message.errorCode
            try EventOutboxWriter.recordStatus(db, message: message)
            return message
        }
    }

    /// Keeps the most advanced status reported for a sid the store does not know yet; the
    /// send's `recordSend(.accepted)` applies it.
    static func keepEarlyStatus(_ db: Database, carrierSID: String, state: DeliveryState, errorCode: Int?) throws {
        let known: String? = try String.fetchOne(
            db, sql: "SELECT state FROM early_delivery_status WHERE carrier_sid = ?", arguments: try .exact([carrierSID]))
        if let known, let current = DeliveryState(rawValue: known), !current.canAdvance(to: state) { return }
        try db.execute(sql: """
            INSERT INTO early_delivery_status (carrier_sid, state, error_code, received_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (carrier_sid) DO UPDATE SET state = excluded.state, error_code = excluded.error_code,
                received_at = excluded.received_at
            """, arguments: try .exact([carrierSID, state.rawValue, errorCode, Date().storageValue]))
    }
}
