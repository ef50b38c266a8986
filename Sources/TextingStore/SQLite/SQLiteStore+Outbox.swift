import Foundation
import GRDB
import TextingCore

extension SQLiteStore {
    public func dueOutbox(now: Date, limit: Int) async throws -> [OutboxItem] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE state IN ('pending', 'sending') AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [now.storageValue, limit]).map { row in
                OutboxItem(
                    id: row["id"], messageID: MessageID(row["message_id"]), practiceID: PracticeID(row["practice_id"]),
                    from: try row.phone("from_number", table: "outbox"), to: try row.phone("to_number", table: "outbox"),
                    body: row["body"], media: try JSONColumn.decode([MediaAttachment].self, row["media_json"]) ?? [],
                    attempts: row["attempts"], compliance: row["compliance"],
                    createdAt: Date(storageValue: row["created_at"]))
            }
        }
    }

    public func outboxDepth() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')") ?? 0
        }
    }

    public func markSending(_ item: OutboxItem) async throws {
        try await committer.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?",
                           arguments: [item.id])
            try db.execute(sql: "UPDATE message SET delivery_state = 'sending' WHERE id = ? AND delivery_state = 'queued'",
                           arguments: [item.messageID.rawValue])
        }
    }

    public func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws {
        try await committer.write { db in
            switch outcome {
            case .accepted(let sid, let state):
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
                               arguments: [at.storageValue, error, item.id])
            case .failed(let code, let error):
                try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
                               arguments: [error, item.id])
                try db.execute(sql: "UPDATE message SET delivery_state = 'failed', error_code = ? WHERE id = ?",
                               arguments: [code, item.messageID.rawValue])
            }
        }
    }

    public func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord? {
        try await committer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM message WHERE outbound_sid = ?", arguments: [carrierSID])
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
            return message
        }
    }

    /// Keeps the most advanced status reported for a sid the store does not know yet; the
    /// send's `recordSend(.accepted)` applies it.
    static func keepEarlyStatus(_ db: Database, carrierSID: String, state: DeliveryState, errorCode: Int?) throws {
        let known: String? = try String.fetchOne(
            db, sql: "SELECT state FROM early_delivery_status WHERE carrier_sid = ?", arguments: [carrierSID])
        if let known, let current = DeliveryState(rawValue: known), !current.canAdvance(to: state) { return }
        try db.execute(sql: """
            INSERT INTO early_delivery_status (carrier_sid, state, error_code, received_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (carrier_sid) DO UPDATE SET state = excluded.state, error_code = excluded.error_code,
                received_at = excluded.received_at
            """, arguments: [carrierSID, state.rawValue, errorCode, Date().storageValue])
    }
}
