import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// The event outbox shared by several daemons (V1, M1). A claimed delivery (`sending`) holds a
/// lease like the outbox's (``PostgresStore/claimLease``), kept in its `next_attempt_at` while
/// it is `sending` (the time a retry would be due if its daemon died): a delivery whose daemon
/// died is due again when the lease ends, for any daemon's sender, without waiting for a
/// restart; a live daemon's claim is never taken over. A post slower than the lease may be
/// made twice (deliveries are at-least-once anyway).
extension PostgresStore: EventOutboxStore {
    public func addEventEndpoint(_ endpoint: EventEndpointRecord) async throws -> EventEndpointRecord {
        let types = try StoredJSON.encode(endpoint.eventTypes.map { $0.map(\.rawValue).sorted() })
        try Self.checkStorable(endpoint.url, endpoint.secret, endpoint.secretCredential)
        var added = endpoint
        added.id = try await client.query("""
            INSERT INTO webhook_endpoint (practice_id, url, event_types_json, secret, secret_credential, source, created_at)
            VALUES (\(endpoint.practiceID.rawValue), \(endpoint.url), \(types), \(endpoint.secret),
                \(endpoint.secretCredential), \(endpoint.source.rawValue), \(endpoint.createdAt.storageValue))
            RETURNING id
            """, logger: logger).single(Int64.self)
        return added
    }

    public func eventEndpoints(practice: PracticeID?) async throws -> [EventEndpointRecord] {
        var endpoints: [EventEndpointRecord] = []
        for try await row in try await client.query("""
            SELECT * FROM webhook_endpoint
            WHERE disabled_at IS NULL AND (\(practice?.rawValue)::BIGINT IS NULL OR practice_id = \(practice?.rawValue))
            ORDER BY id
            """, logger: logger) {
            endpoints.append(try Self.eventEndpoint(from: row))
        }
        return endpoints
    }

    public func removeEventEndpoint(_ id: Int64, at: Date) async throws -> EventEndpointRecord? {
        try await unwrappingTransaction { connection, logger in
            guard let row = try await connection.query("""
                SELECT * FROM webhook_endpoint WHERE id = \(id) AND disabled_at IS NULL FOR UPDATE
                """, logger: logger).collect().first
            else { return nil }
            try await Self.disableEndpoint(connection, id: id, at: at, logger: logger)
            return try Self.eventEndpoint(from: row)
        }
    }

    /// Two daemons starting together with the same configuration would each find the configured
    /// endpoints missing and add them twice (every event then posted twice); the table lock
    /// (which only endpoint writers wait for) makes the second find the first one's rows.
    public func syncConfiguredEventEndpoints(_ endpoints: [EventEndpointRecord], at: Date) async throws {
        let wanted = try endpoints.map { ($0, try StoredJSON.encode($0.eventTypes.map { $0.map(\.rawValue).sorted() })) }
        for (endpoint, _) in wanted { try Self.checkStorable(endpoint.url, endpoint.secretCredential) }
        try await unwrappingTransaction { connection, logger in
            try await connection.query("LOCK TABLE webhook_endpoint IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var existing: [EventEndpointRecord] = []
            for try await row in try await connection.query("""
                SELECT * FROM webhook_endpoint WHERE source = 'config' AND disabled_at IS NULL ORDER BY id
                """, logger: logger) {
                existing.append(try Self.eventEndpoint(from: row))
            }
            var kept = Set<Int64>()
            for (endpoint, types) in wanted {
                if let match = existing.first(where: {
                    !kept.contains($0.id) && $0.practiceID == endpoint.practiceID && $0.url == endpoint.url
                        && $0.secretCredential == endpoint.secretCredential
                }) {
                    kept.insert(match.id)
                    try await connection.query("""
                        UPDATE webhook_endpoint SET event_types_json = \(types) WHERE id = \(match.id)
                        """, logger: logger)
                } else {
                    try await connection.query("""
                        INSERT INTO webhook_endpoint (practice_id, url, event_types_json, secret_credential, source, created_at)
                        VALUES (\(endpoint.practiceID.rawValue), \(endpoint.url), \(types), \(endpoint.secretCredential),
                            'config', \(at.storageValue))
                        """, logger: logger)
                }
            }
            for endpoint in existing where !kept.contains(endpoint.id) {
                try await Self.disableEndpoint(connection, id: endpoint.id, at: at, logger: logger)
            }
        }
    }

    /// Disables an endpoint; what it has not received yet is kept as failed.
    private static func disableEndpoint(_ connection: PostgresConnection, id: Int64, at: Date, logger: Logger)
        async throws {
        try await connection.query("UPDATE webhook_endpoint SET disabled_at = \(at.storageValue) WHERE id = \(id)",
                                   logger: logger)
        try await connection.query("""
            UPDATE event_delivery SET state = 'failed', last_error = 'The endpoint was removed.'
            WHERE endpoint_id = \(id) AND state IN ('pending', 'sending')
            """, logger: logger)
    }

    /// Pending deliveries due at `now`, and `sending` ones whose lease ran out, that are first in
    /// line: no earlier delivery of their endpoint and ordering key is still pending or being sent.
    public func dueEventDeliveries(now: Date, limit: Int, excluding: Set<Int64>) async throws -> [DueEventDelivery] {
        let at = now.storageValue
        let held = Array(excluding)
        var due: [DueEventDelivery] = []
        for try await row in try await client.query("""
            SELECT d.*, w.url AS w_url, w.event_types_json AS w_types, w.secret AS w_secret,
                w.secret_credential AS w_secret_credential, w.source AS w_source, w.created_at AS w_created_at, e.payload
            FROM event_delivery d
            JOIN webhook_endpoint w ON w.id = d.endpoint_id
            JOIN event e ON e.id = d.event_id
            WHERE d.id IN (SELECT id FROM event_delivery WHERE state = 'pending' AND next_attempt_at <= \(at)
                           UNION ALL
                           SELECT id FROM event_delivery WHERE state = 'sending' AND next_attempt_at <= \(at))
                AND NOT (d.id = ANY(\(held)::BIGINT[]))
                AND NOT EXISTS (SELECT 1 FROM event_delivery o
                                WHERE o.endpoint_id = d.endpoint_id AND o.ordering_key = d.ordering_key
                                    AND o.state IN ('pending', 'sending') AND o.id < d.id)
            ORDER BY d.next_attempt_at, d.id LIMIT \(Int64(max(limit, 0)))
            """, logger: logger) {
            let delivery = try Self.eventDelivery(from: row)
            let r = StoredRow(row, table: "webhook_endpoint")
            let endpoint = EventEndpointRecord(
                id: delivery.endpointID, practiceID: delivery.practiceID, url: try r.value("w_url"),
                eventTypes: try r.json([String].self, "w_types").map { Set($0.compactMap(EventType.init(rawValue:))) },
                secret: try r.value("w_secret"), secretCredential: try r.value("w_secret_credential"),
                source: try r.enumeration(EventEndpointRecord.Source.self, "w_source"),
                createdAt: try r.date("w_created_at"))
            due.append(DueEventDelivery(delivery: delivery, endpoint: endpoint, payload: try r.value("payload")))
        }
        return due
    }

    /// Claims a pending delivery, or one whose claim ran out at `at`, until `at` plus the lease.
    /// A delivery another daemon is claiming at this moment is skipped (false), not waited for.
    public func claimEventDelivery(_ id: Int64, at: Date) async throws -> Bool {
        let until = at.addingTimeInterval(Self.seconds(Self.claimLease)).storageValue
        return try await client.query("""
            WITH claimed AS (
                UPDATE event_delivery SET state = 'sending', attempts = attempts + 1,
                    first_attempt_at = COALESCE(first_attempt_at, \(at.storageValue)), next_attempt_at = \(until)
                WHERE id = (SELECT id FROM event_delivery
                            WHERE id = \(id) AND (state = 'pending'
                                OR (state = 'sending' AND next_attempt_at <= \(at.storageValue)))
                            FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT COUNT(*) FROM claimed
            """, logger: logger).single(Int64.self) > 0
    }

    public func recordEventDelivery(_ id: Int64, outcome: EventDeliveryOutcome) async throws {
        switch outcome {
        case .delivered(let status, let at):
            try await client.query("""
                UPDATE event_delivery SET state = 'delivered', delivered_at = \(at.storageValue),
                    last_status = \(Int64(status)), last_error = NULL
                WHERE id = \(id) AND state = 'sending'
                """, logger: logger)
        case .retry(let at, let status, let error):
            try await client.query("""
                UPDATE event_delivery SET state = 'pending', next_attempt_at = \(at.storageValue),
                    last_status = \(status.map(Int64.init)), last_error = \(StoredText.replacingNUL(error))
                WHERE id = \(id) AND state = 'sending'
                """, logger: logger)
        case .failed(let status, let error):
            try await client.query("""
                UPDATE event_delivery SET state = 'failed', last_status = \(status.map(Int64.init)),
                    last_error = \(StoredText.replacingNUL(error))
                WHERE id = \(id) AND state = 'sending'
                """, logger: logger)
        }
    }

    /// Puts back to pending only the deliveries whose lease ran out at `clock()` (their daemon
    /// died); another daemon's live claim is left alone. Not needed for takeover (an expired
    /// claim is due again by itself, ``dueEventDeliveries(now:limit:excluding:)``); it makes the
    /// listings show such deliveries as pending.
    public func resumeInterruptedEventDeliveries() async throws -> Int {
        let now = clock().storageValue
        return Int(try await client.query("""
            WITH resumed AS (
                UPDATE event_delivery SET state = 'pending'
                WHERE id IN (SELECT id FROM event_delivery WHERE state = 'sending' AND next_attempt_at <= \(now)
                             FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT COUNT(*) FROM resumed
            """, logger: logger).single(Int64.self))
    }

    public func eventDeliveries(_ filter: EventDeliveryFilter) async throws -> [EventDeliveryRecord] {
        var deliveries: [EventDeliveryRecord] = []
        let practice = filter.practiceID?.rawValue
        for try await row in try await client.query("""
            SELECT * FROM event_delivery
            WHERE (\(practice)::BIGINT IS NULL OR practice_id = \(practice))
                AND (NOT \(filter.failedOnly) OR state = 'failed')
            ORDER BY id DESC LIMIT \(Int64(max(filter.limit, 0)))
            """, logger: logger) {
            deliveries.append(try Self.eventDelivery(from: row))
        }
        return deliveries
    }

    public func retryFailedEventDeliveries(eventIDs: [Int64]?, at: Date) async throws -> Int {
        let count = try await client.query("""
            WITH retried AS (
                UPDATE event_delivery SET state = 'pending', attempts = 0, first_attempt_at = NULL,
                    next_attempt_at = \(at.storageValue)
                WHERE state = 'failed' AND (\(eventIDs)::BIGINT[] IS NULL OR event_id = ANY(\(eventIDs)::BIGINT[]))
                    AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE disabled_at IS NULL)
                RETURNING 1)
            SELECT COUNT(*) FROM retried
            """, logger: logger).single(Int64.self)
        if count > 0 { EventOutboxSignal.notify() }
        return Int(count)
    }

    /// Events whose deliveries another daemon's prune holds are skipped, so two daemons pruning
    /// at once delete each event once and count it once.
    public func pruneDeliveredEvents(before: Date, limit: Int) async throws -> Int {
        try await unwrappingTransaction { connection, logger in
            var ids: [Int64] = []
            for try await id in try await connection.query("""
                SELECT e.id FROM event e WHERE e.created_at < \(before.storageValue) AND NOT EXISTS (
                    SELECT 1 FROM event_delivery d WHERE d.event_id = e.id AND d.state != 'delivered')
                ORDER BY e.id LIMIT \(Int64(max(limit, 0))) FOR UPDATE SKIP LOCKED
                """, logger: logger).decode(Int64.self) {
                ids.append(id)
            }
            guard !ids.isEmpty else { return 0 }
            try await connection.query("DELETE FROM event_delivery WHERE event_id = ANY(\(ids)::BIGINT[])", logger: logger)
            try await connection.query("DELETE FROM event WHERE id = ANY(\(ids)::BIGINT[])", logger: logger)
            return ids.count
        }
    }
}
