import Foundation
import GRDB
import TextingCore
import TextingStore

/// Reminders held for quiet hours and idempotency keys (E5, Q1) in `reminder_request`
/// (migration `v9-reminder-schedule`).
extension SQLiteStore {
    public func recordReminderRequest(_ reminder: ScheduledReminder) async throws -> (reminder: ScheduledReminder, created: Bool) {
        let r = reminder
        let arguments: StatementArguments = [
            r.practiceID.rawValue, r.key, r.fingerprint, r.phone.e164, r.body, r.kind, r.pmsClientID,
            r.requestedAt.storageValue, r.sendAt.storageValue, r.timeZone, r.state.rawValue, r.claimedUntil?.storageValue,
            r.claimedAt?.storageValue, r.messageID?.rawValue, r.refusalCode, r.refusalMessage,
        ]
        return try await committer.write { db in
            if let existing = try Self.reminderRequest(db, practice: r.practiceID, key: r.key) {
                return (existing, false)
            }
            try db.execute(sql: """
                INSERT INTO reminder_request (practice_id, idempotency_key, fingerprint, phone, body, kind, pms_client_id,
                    requested_at, send_at, time_zone, state, claimed_until, claimed_at, message_id, refusal_code, refusal_message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: arguments)
            var stored = r
            stored.id = db.lastInsertedRowID
            return (stored, true)
        }
    }

    public func reminderRequest(practice: PracticeID, key: String) async throws -> ScheduledReminder? {
        try await pool.read { db in try Self.reminderRequest(db, practice: practice, key: key) }
    }

    public func claimDueReminders(now: Date, leaseUntil: Date, limit: Int) async throws -> [ScheduledReminder] {
        try await committer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM reminder_request
                WHERE (state = 'scheduled' AND send_at <= ?) OR (state = 'sending' AND claimed_until <= ?)
                ORDER BY send_at, id LIMIT ?
                """, arguments: [now.storageValue, now.storageValue, limit])
            var claimed: [ScheduledReminder] = []
            for row in rows {
                var reminder = try Self.scheduledReminder(row)
                // A claim that ran out keeps its first claim time: a send that finished unmarked
                // after it is still recognised.
                let claimedAt = reminder.state == .sending ? (reminder.claimedAt ?? now) : now
                try db.execute(sql: "UPDATE reminder_request SET state = 'sending', claimed_until = ?, claimed_at = ? WHERE id = ?",
                               arguments: [leaseUntil.storageValue, claimedAt.storageValue, reminder.id])
                reminder.state = .sending
                reminder.claimedUntil = leaseUntil
                reminder.claimedAt = claimedAt
                claimed.append(reminder)
            }
            return claimed
        }
    }

    public func finishReminder(
        id: Int64, state: ScheduledReminder.State, message: MessageID?, refusalCode: String?, refusalMessage: String?
    ) async throws -> ScheduledReminder? {
        try await committer.write { db in
            try db.execute(sql: """
                UPDATE reminder_request SET state = ?, message_id = ?, refusal_code = ?, refusal_message = ?, claimed_until = NULL
                WHERE id = ?
                """, arguments: [state.rawValue, message?.rawValue, refusalCode, refusalMessage, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM reminder_request WHERE id = ?", arguments: [id])
                .map(Self.scheduledReminder)
        }
    }

    public func sentReminderMessage(practice: PracticeID, phone: PhoneNumber, body: String, since: Date) async throws -> MessageID? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT message_id FROM reminder WHERE practice_id = ? AND phone = ? AND body = ? AND sent_at >= ?
                ORDER BY sent_at LIMIT 1
                """, arguments: [practice.rawValue, phone.e164, body, since.storageValue]).map(MessageID.init(rawValue:))
        }
    }

    public func nextReminderSendTime() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: """
                SELECT MIN(CASE state WHEN 'scheduled' THEN send_at ELSE claimed_until END) FROM reminder_request
                WHERE state IN ('scheduled', 'sending')
                """).map(Date.init(storageValue:))
        }
    }

    public func pruneReminderRequests(before: Date) async throws -> Int {
        try await committer.write { db in
            try db.execute(sql: "DELETE FROM reminder_request WHERE state IN ('sent', 'refused') AND requested_at < ?",
                           arguments: [before.storageValue])
            return db.changesCount
        }
    }

    static func reminderRequest(_ db: Database, practice: PracticeID, key: String) throws -> ScheduledReminder? {
        try Row.fetchOne(db, sql: "SELECT * FROM reminder_request WHERE practice_id = ? AND idempotency_key = ?",
                         arguments: [practice.rawValue, key]).map(scheduledReminder)
    }

    static func scheduledReminder(_ row: Row) throws -> ScheduledReminder {
        let stateText: String = row["state"]
        guard let state = ScheduledReminder.State(rawValue: stateText) else {
            throw CorruptRow(table: "reminder_request", column: "state", value: stateText)
        }
        return ScheduledReminder(
            id: row["id"], practiceID: PracticeID(rawValue: row["practice_id"]), key: row["idempotency_key"],
            fingerprint: row["fingerprint"], phone: try row.phone("phone", table: "reminder_request"), body: row["body"],
            kind: row["kind"], pmsClientID: row["pms_client_id"], requestedAt: row.date("requested_at") ?? Date(timeIntervalSince1970: 0),
            sendAt: row.date("send_at") ?? Date(timeIntervalSince1970: 0), timeZone: row["time_zone"], state: state,
            claimedUntil: row.date("claimed_until"), claimedAt: row.date("claimed_at"),
            messageID: (row["message_id"] as Int64?).map(MessageID.init(rawValue:)), refusalCode: row["refusal_code"],
            refusalMessage: row["refusal_message"])
    }
}
