import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// The outbox shared by several daemons (D2, M1): any daemon may read any row, a row is sent by
/// the daemon whose claim (``markSending(_:)``) took it, and a claim is a lease
/// (``PostgresStore/claimLease``): a daemon that dies holding one delays that row by at most the
/// lease, after which any daemon's ``resumeInterruptedSends()`` makes it claimable again. A
/// send slower than the lease may go out twice (the documented in-flight window); a send's
/// outcome is recorded whichever daemon made it.
extension PostgresStore {
    public func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox {
        let at = now.timeIntervalSince1970
        let skipped = skipping.map(\.e164)
        let held = Array(excluding)
        var items: [OutboxItem] = []
        let rows = try await client.query(Self.dueOutboxQuery(at: at, perSender: perSender, skipped: skipped, held: held),
                                          logger: logger)
        for try await row in rows { items.append(try Self.outboxItem(from: row)) }
        let next = try await client.query("""
            SELECT MIN(at) FROM (
                SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND next_attempt_at > \(at)
                UNION ALL
                SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'sending' AND next_attempt_at > \(at)
                UNION ALL
                SELECT MIN(claimed_until) FROM outbox WHERE state = 'sending' AND claimed_until > \(at)) AS attempts
            """, logger: logger).single(Double?.self)
        return DueOutbox(items: items, nextAttemptAt: next.map(Date.init(timeIntervalSince1970:)))
    }

    /// Of every sender number with unsent rows but those in `skipped`, the first `perSender` rows
    /// due at `at`, less the ids in `held` and less the rows being sent (claimed: they count
    /// against the window but cannot be claimed again). `sender` walks the distinct sender numbers
    /// through the `outbox_by_sender` index, one seek each however long their queues (as the
    /// SQLite store's read does).
    static func dueOutboxQuery(at: Double, perSender: Int, skipped: [String], held: [Int64]) -> PostgresQuery {
        """
        WITH RECURSIVE sender(number) AS (
            SELECT MIN(from_number) FROM outbox WHERE state IN ('pending', 'sending')
            UNION ALL
            SELECT (SELECT MIN(from_number) FROM outbox
                    WHERE state IN ('pending', 'sending') AND from_number > sender.number)
            FROM sender WHERE sender.number IS NOT NULL
        )
        SELECT outbox.* FROM sender CROSS JOIN LATERAL (
            SELECT * FROM outbox AS queued
            WHERE queued.from_number = sender.number AND queued.state IN ('pending', 'sending')
                AND queued.next_attempt_at <= \(at)
            ORDER BY queued.next_attempt_at, queued.id LIMIT \(Int64(max(perSender, 0)))) AS outbox
        WHERE sender.number IS NOT NULL AND NOT (sender.number = ANY(\(skipped)::TEXT[]))
            AND outbox.state = 'pending' AND NOT (outbox.id = ANY(\(held)::BIGINT[]))
        ORDER BY outbox.next_attempt_at, outbox.id
        """
    }

    public func outboxDepth() async throws -> Int {
        Int(try await client.query("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')", logger: logger)
            .single(Int64.self))
    }

    /// How long the oldest row due at `now` has waited past its attempt time, in seconds; 0
    /// when no row is due.
    public func oldestDueOutboxAge(now: Date) async throws -> Double {
        let at = now.timeIntervalSince1970
        let oldest = try await client.query("""
            SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND next_attempt_at <= \(at)
            """, logger: logger).single(Double?.self)
        return oldest.map { max(0, at - $0) } ?? 0
    }

    /// Claims the row until `clock()` plus the lease. A row another daemon is claiming at this
    /// very moment is skipped, not waited for (`SKIP LOCKED`): that daemon gets it.
    @discardableResult
    public func markSending(_ item: OutboxItem) async throws -> Bool {
        let until = clock().addingTimeInterval(Self.seconds(Self.claimLease)).timeIntervalSince1970
        return try await client.query("""
            WITH claimed AS (
                UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_until = \(until)
                WHERE id = (SELECT id FROM outbox WHERE id = \(item.id) AND state = 'pending' FOR UPDATE SKIP LOCKED)
                RETURNING message_id),
            shown AS (
                UPDATE message SET delivery_state = 'sending'
                WHERE id IN (SELECT message_id FROM claimed) AND delivery_state = 'queued')
            SELECT COUNT(*) FROM claimed
            """, logger: logger).single(Int64.self) > 0
    }

    /// Puts back to `pending` the rows whose claim ran out at `clock()` (their daemon died or is
    /// too slow to be trusted), and `sending` rows without a claim (copied from SQLite); a live
    /// daemon's claim is left alone, so any daemon may call it at any time.
    public func resumeInterruptedSends() async throws -> Int {
        let now = clock().timeIntervalSince1970
        return Int(try await client.query("""
            WITH resumed AS (
                UPDATE outbox SET state = 'pending', claimed_until = NULL
                WHERE id IN (SELECT id FROM outbox
                             WHERE state = 'sending' AND (claimed_until IS NULL OR claimed_until <= \(now))
                             FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT COUNT(*) FROM resumed
            """, logger: logger).single(Int64.self))
    }

    /// Records what the carrier answered and clears the claim. Its id and error text are stored
    /// with any U+0000 replaced (``StoredText/replacingNUL(_:)``): refusing them would leave a
    /// message the carrier accepted unrecorded, and the sender would send it again.
    public func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws {
        let now = clock()
        let wroteEvents = try await unwrappingTransaction { connection, logger in
            switch outcome {
            case .accepted(let carrierSID, let state):
                let sid = StoredText.replacingNUL(carrierSID)
                try await Self.lockCarrierSID(sid, connection, logger: logger)
                try await connection.query("""
                    UPDATE outbox SET state = 'done', last_error = NULL, claimed_until = NULL WHERE id = \(item.id)
                    """, logger: logger)
                var final = state
                var errorCode: Int64?
                let early = try await connection.query("""
                    DELETE FROM early_delivery_status WHERE carrier_sid = \(sid) RETURNING state, error_code
                    """, logger: logger).collect().first
                if let (text, code) = try early?.decode((String, Int64?).self),
                   let reported = DeliveryState(rawValue: text), state.canAdvance(to: reported) {
                    final = reported
                    errorCode = code
                }
                try await connection.query("""
                    UPDATE message SET outbound_sid = \(sid), delivery_state = \(final.rawValue), error_code = \(errorCode)
                    WHERE id = \(item.messageID.rawValue)
                    """, logger: logger)
            case .retry(let at, let error):
                try await connection.query("""
                    UPDATE outbox SET state = 'pending', next_attempt_at = \(at.timeIntervalSince1970),
                        last_error = \(StoredText.replacingNUL(error)), claimed_until = NULL
                    WHERE id = \(item.id)
                    """, logger: logger)
            case .failed(let code, let error):
                try await connection.query("""
                    UPDATE outbox SET state = 'failed', last_error = \(StoredText.replacingNUL(error)), claimed_until = NULL
                    WHERE id = \(item.id)
                    """, logger: logger)
                try await connection.query("""
                    UPDATE message SET delivery_state = 'failed', error_code = \(code.map(Int64.init))
                    WHERE id = \(item.messageID.rawValue)
                    """, logger: logger)
            }
            return try await PostgresEventWriter.recordSend(connection, item: item, outcome: outcome, now: now,
                                                            logger: logger)
        }
        if wroteEvents { EventOutboxSignal.notify() }
    }

    /// Applies a carrier status callback, forward moves only (C3). A status for a carrier id not
    /// recorded yet is kept (`early_delivery_status`) for the send's ``recordSend(_:outcome:)``;
    /// both take a lock on the carrier id, so a callback racing the send's answer on another
    /// daemon is either applied by it or kept for it, never lost between the two.
    public func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord? {
        try Self.checkStorable(carrierSID)
        let now = clock()
        let (changed, wroteEvents): (MessageRecord?, Bool) = try await unwrappingTransaction { connection, logger in
            try await Self.lockCarrierSID(carrierSID, connection, logger: logger)
            guard let row = try await connection.query("""
                SELECT * FROM message WHERE outbound_sid = \(carrierSID) ORDER BY id LIMIT 1 FOR UPDATE
                """, logger: logger).collect().first
            else {
                try await Self.keepEarlyStatus(connection, carrierSID: carrierSID, state: state, errorCode: errorCode,
                                               now: now, logger: logger)
                return (nil, false)
            }
            var message = try Self.message(from: row)
            guard (message.deliveryState ?? .queued).canAdvance(to: state) else { return (nil, false) }
            try await connection.query("""
                UPDATE message SET delivery_state = \(state.rawValue), error_code = COALESCE(\(errorCode.map(Int64.init)), error_code)
                WHERE id = \(message.id.rawValue)
                """, logger: logger)
            message.deliveryState = state
            message.errorCode = errorCode ?? message.errorCode
            return (message, try await PostgresEventWriter.recordStatus(connection, message: message, now: now, logger: logger))
        }
        if wroteEvents { EventOutboxSignal.notify() }
        return changed
    }

    /// Keeps the most advanced status reported for a sid the store does not know yet.
    private static func keepEarlyStatus(_ connection: PostgresConnection, carrierSID: String, state: DeliveryState,
                                        errorCode: Int?, now: Date, logger: Logger) async throws {
        let known = try await connection.query("""
            SELECT state FROM early_delivery_status WHERE carrier_sid = \(carrierSID)
            """, logger: logger).collect().first
        if let text = try known?.decode(String.self), let current = DeliveryState(rawValue: text),
           !current.canAdvance(to: state) { return }
        try await connection.query("""
            INSERT INTO early_delivery_status (carrier_sid, state, error_code, received_at)
            VALUES (\(carrierSID), \(state.rawValue), \(errorCode.map(Int64.init)), \(now.timeIntervalSince1970))
            ON CONFLICT (carrier_sid) DO UPDATE SET state = excluded.state, error_code = excluded.error_code,
                received_at = excluded.received_at
            """, logger: logger)
    }

    /// The first key of the transaction-scoped advisory locks on carrier ids (the second is the
    /// id's hash), apart from the migration lock's single key.
    static let carrierSIDLockSpace: Int32 = 7702

    /// Serialises, until the transaction ends, every writer of the status of one carrier id.
    private static func lockCarrierSID(_ sid: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(carrierSIDLockSpace), hashtext(\(sid)))", logger: logger)
    }
}
