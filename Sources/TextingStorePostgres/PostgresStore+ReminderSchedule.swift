import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// Reminders held for quiet hours and idempotency keys (E5, Q1) in `reminder_request`.
///
/// Several daemons share the table (M1): a key is stored once (its unique index decides between
/// two daemons storing it at once), and a due reminder is claimed by one daemon only (`FOR UPDATE
/// SKIP LOCKED`), until its lease runs out.
extension PostgresStore: ReminderScheduleStore {
    public func recordReminderRequest(_ reminder: ScheduledReminder) async throws -> (reminder: ScheduledReminder, created: Bool) {
        let r = reminder
        try Self.checkStorable(r.key, r.fingerprint, r.body, r.kind, r.pmsClientID, r.timeZone, r.refusalCode, r.refusalMessage)
        return try await unwrappingTransaction { connection, logger in
            let rows = try await connection.query("""
                INSERT INTO reminder_request (practice_id, idempotency_key, fingerprint, phone, body, kind, pms_client_id,
                    requested_at, send_at, time_zone, state, claimed_until, claimed_at, message_id, refusal_code, refusal_message)
                VALUES (\(r.practiceID.rawValue), \(r.key), \(r.fingerprint), \(r.phone.e164), \(r.body), \(r.kind),
                    \(r.pmsClientID), \(r.requestedAt.timeIntervalSince1970), \(r.sendAt.timeIntervalSince1970), \(r.timeZone),
                    \(r.state.rawValue), \(r.claimedUntil?.timeIntervalSince1970), \(r.claimedAt?.timeIntervalSince1970),
                    \(r.messageID?.rawValue), \(r.refusalCode), \(r.refusalMessage))
                ON CONFLICT (practice_id, idempotency_key) DO NOTHING
                RETURNING id
                """, logger: logger).collect()
            if let row = rows.first {
                var stored = r
                stored.id = try row.decode(Int64.self)
                return (stored, true)
            }
            // Stored before (by this daemon or another, perhaps a moment ago): that request.
            guard let existing = try await Self.reminderRequest(connection, practice: r.practiceID, key: r.key,
                                                                 logger: logger)
            else {
                throw TextingError(.init("store.no_row"), "The database returned no row where one was expected.")
            }
            return (existing, false)
        }
    }

    public func reminderRequest(practice: PracticeID, key: String) async throws -> ScheduledReminder? {
        guard StoredText.isStorable(key) else { return nil }  // no stored key holds U+0000
        return try await client.withConnection { connection in
            try await Self.reminderRequest(connection, practice: practice, key: key, logger: logger)
        }
    }

    public func claimDueReminders(now: Date, leaseUntil: Date, limit: Int) async throws -> [ScheduledReminder] {
        let at = now.timeIntervalSince1970
        let until = leaseUntil.timeIntervalSince1970
        return try await unwrappingTransaction { connection, logger in
            // A claim that ran out keeps its first claim time: a send that finished unmarked
            // after it is still recognised.
            let rows = try await connection.query("""
                UPDATE reminder_request r SET state = 'sending', claimed_until = \(until),
                    claimed_at = CASE WHEN d.state = 'sending' THEN COALESCE(d.claimed_at, \(at)) ELSE \(at) END
                FROM (SELECT id, state, claimed_at FROM reminder_request
                      WHERE (state = 'scheduled' AND send_at <= \(at)) OR (state = 'sending' AND claimed_until <= \(at))
                      ORDER BY send_at, id LIMIT \(max(limit, 0)) FOR UPDATE SKIP LOCKED) d
                WHERE r.id = d.id
                RETURNING r.*
                """, logger: logger).collect()
            return try rows.map(Self.scheduledReminder(from:)).sorted { ($0.sendAt, $0.id) < ($1.sendAt, $1.id) }
        }
    }

    public func finishReminder(
        id: Int64, state: ScheduledReminder.State, message: MessageID?, refusalCode: String?, refusalMessage: String?
    ) async throws -> ScheduledReminder? {
        try Self.checkStorable(refusalCode, refusalMessage)
        return try await client.withConnection { connection in
            try await connection.query("""
                UPDATE reminder_request SET state = \(state.rawValue), message_id = \(message?.rawValue),
                    refusal_code = \(refusalCode), refusal_message = \(refusalMessage), claimed_until = NULL
                WHERE id = \(id)
                RETURNING *
                """, logger: logger).collect().first.map(Self.scheduledReminder(from:))
        }
    }

    public func sentReminderMessage(practice: PracticeID, phone: PhoneNumber, body: String, since: Date) async throws -> MessageID? {
        guard StoredText.isStorable(body) else { return nil }  // no stored reminder holds U+0000
        return try await client.withConnection { connection in
            try await connection.query("""
                SELECT message_id FROM reminder
                WHERE practice_id = \(practice.rawValue) AND phone = \(phone.e164) AND body = \(body)
                    AND sent_at >= \(since.timeIntervalSince1970)
                ORDER BY sent_at LIMIT 1
                """, logger: logger).collect().first.map { MessageID(rawValue: try $0.decode(Int64.self)) }
        }
    }

    public func nextReminderSendTime() async throws -> Date? {
        try await client.withConnection { connection in
            try await connection.query("""
                SELECT MIN(CASE state WHEN 'scheduled' THEN send_at ELSE claimed_until END) FROM reminder_request
                WHERE state IN ('scheduled', 'sending')
                """, logger: logger).single(Double?.self).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func pruneReminderRequests(before: Date) async throws -> Int {
        try await client.withConnection { connection in
            Int(try await connection.query("""
                WITH gone AS (DELETE FROM reminder_request WHERE state IN ('sent', 'refused')
                    AND requested_at < \(before.timeIntervalSince1970) RETURNING 1)
                SELECT count(*) FROM gone
                """, logger: logger).single(Int64.self))
        }
    }

    static func reminderRequest(_ connection: PostgresConnection, practice: PracticeID, key: String, logger: Logger)
        async throws -> ScheduledReminder? {
        try await connection.query("""
            SELECT * FROM reminder_request WHERE practice_id = \(practice.rawValue) AND idempotency_key = \(key)
            """, logger: logger).collect().first.map(scheduledReminder(from:))
    }
}
