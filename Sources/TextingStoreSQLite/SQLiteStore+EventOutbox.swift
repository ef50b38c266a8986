import Foundation
import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    public func addEventEndpoint(_ endpoint: EventEndpointRecord) async throws -> EventEndpointRecord {
        let types = try StoredJSON.encode(endpoint.eventTypes.map { $0.map(\.rawValue).sorted() })
        return try await committer.write { db in
            try db.execute(sql: """
                INSERT INTO webhook_endpoint (practice_id, url, event_types_json, secret, secret_credential, source, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [endpoint.practiceID.rawValue, endpoint.url, types, endpoint.secret, endpoint.secretCredential,
                                 endpoint.source.rawValue, endpoint.createdAt.storageValue])
            var added = endpoint
            added.id = db.lastInsertedRowID
            return added
        }
    }

    public func eventEndpoints(practice: PracticeID?) async throws -> [EventEndpointRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM webhook_endpoint WHERE disabled_at IS NULL AND (?1 IS NULL OR practice_id = ?1) ORDER BY id
                """, arguments: [practice?.rawValue]).map(Self.eventEndpoint)
        }
    }

    public func removeEventEndpoint(_ id: Int64, at: Date) async throws -> EventEndpointRecord? {
        try await committer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook_endpoint WHERE id = ? AND disabled_at IS NULL",
                                             arguments: [id])
            else { return nil }
            try Self.disableEndpoint(db, id: id, at: at)
            return try Self.eventEndpoint(row)
        }
    }

    public func syncConfiguredEventEndpoints(_ endpoints: [EventEndpointRecord], at: Date) async throws {
        let wanted = try endpoints.map { ($0, try StoredJSON.encode($0.eventTypes.map { $0.map(\.rawValue).sorted() })) }
        try await committer.write { db in
            let existing = try Row.fetchAll(db, sql: """
                SELECT * FROM webhook_endpoint WHERE source = 'config' AND disabled_at IS NULL
                """).map(Self.eventEndpoint)
            var kept = Set<Int64>()
            for (endpoint, types) in wanted {
                if let match = existing.first(where: {
                    !kept.contains($0.id) && $0.practiceID == endpoint.practiceID && $0.url == endpoint.url
                        && $0.secretCredential == endpoint.secretCredential
                }) {
                    kept.insert(match.id)
                    try db.execute(sql: "UPDATE webhook_endpoint SET event_types_json = ? WHERE id = ?",
                                   arguments: [types, match.id])
                } else {
                    try db.execute(sql: """
                        INSERT INTO webhook_endpoint (practice_id, url, event_types_json, secret_credential, source, created_at)
                        VALUES (?, ?, ?, ?, 'config', ?)
                        """, arguments: [endpoint.practiceID.rawValue, endpoint.url, types, endpoint.secretCredential,
                                         at.storageValue])
                }
            }
            for endpoint in existing where !kept.contains(endpoint.id) {
                try Self.disableEndpoint(db, id: endpoint.id, at: at)
            }
        }
    }

    /// Disables an endpoint; what it has not received yet is kept as failed.
    static func disableEndpoint(_ db: Database, id: Int64, at: Date) throws {
        try db.execute(sql: "UPDATE webhook_endpoint SET disabled_at = ? WHERE id = ?", arguments: [at.storageValue, id])
        try db.execute(sql: """
            UPDATE event_delivery SET state = 'failed', last_error = 'The endpoint was removed.'
            WHERE endpoint_id = ? AND state IN ('pending', 'sending')
            """, arguments: [id])
    }

    public func dueEventDeliveries(now: Date, limit: Int, excluding: Set<Int64>) async throws -> [DueEventDelivery] {
        let held = "[" + excluding.map(String.init).joined(separator: ",") + "]"
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: Self.dueEventsSQL), arguments: [now.storageValue, held, max(limit, 0)])
                .map { row in
                    let delivery = try Self.eventDelivery(row)
                    let sourceText: String = row["w_source"]
                    let endpoint = EventEndpointRecord(
                        id: delivery.endpointID, practiceID: delivery.practiceID, url: row["w_url"],
                        eventTypes: try StoredJSON.decode([String].self, row["w_types"])
                            .map { Set($0.compactMap(EventType.init(rawValue:))) },
                        secret: row["w_secret"], secretCredential: row["w_secret_credential"],
                        source: EventEndpointRecord.Source(rawValue: sourceText) ?? .control,
                        createdAt: Date(storageValue: row["w_created_at"]))
                    return DueEventDelivery(delivery: delivery, endpoint: endpoint, payload: row["payload"])
                }
        }
    }

    /// Pending deliveries due at `?1`, not in the JSON array `?2`, with no earlier delivery of
    /// their endpoint and ordering key still pending or being sent; `?3` at most.
    static let dueEventsSQL = """
        SELECT d.*, w.url AS w_url, w.event_types_json AS w_types, w.secret AS w_secret,
            w.secret_credential AS w_secret_credential, w.source AS w_source, w.created_at AS w_created_at, e.payload
        FROM event_delivery d
        JOIN webhook_endpoint w ON w.id = d.endpoint_id
        JOIN event e ON e.id = d.event_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= ?1
            AND d.id NOT IN (SELECT value FROM json_each(?2))
            AND NOT EXISTS (SELECT 1 FROM event_delivery o
                            WHERE o.endpoint_id = d.endpoint_id AND o.ordering_key = d.ordering_key
                                AND o.state IN ('pending', 'sending') AND o.id < d.id)
        ORDER BY d.next_attempt_at, d.id LIMIT ?3
        """

    public func claimEventDelivery(_ id: Int64, at: Date) async throws -> Bool {
        try await committer.write { db in
            try db.execute(sql: """
                UPDATE event_delivery SET state = 'sending', attempts = attempts + 1,
                    first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id = ? AND state = 'pending'
                """, arguments: [at.storageValue, id])
            return db.changesCount > 0
        }
    }

    public func recordEventDelivery(_ id: Int64, outcome: EventDeliveryOutcome) async throws {
        try await committer.write { db in
            switch outcome {
            case .delivered(let status, let at):
                try db.execute(sql: """
                    UPDATE event_delivery SET state = 'delivered', delivered_at = ?, last_status = ?, last_error = NULL
                    WHERE id = ? AND state = 'sending'
                    """, arguments: [at.storageValue, status, id])
            case .retry(let at, let status, let error):
                try db.execute(sql: """
                    UPDATE event_delivery SET state = 'pending', next_attempt_at = ?, last_status = ?, last_error = ?
                    WHERE id = ? AND state = 'sending'
                    """, arguments: [at.storageValue, status, StoredText.replacingNUL(error), id])
            case .failed(let status, let error):
                try db.execute(sql: """
                    UPDATE event_delivery SET state = 'failed', last_status = ?, last_error = ? WHERE id = ? AND state = 'sending'
                    """, arguments: [status, StoredText.replacingNUL(error), id])
            }
        }
    }

    public func resumeInterruptedEventDeliveries() async throws -> Int {
        try await committer.write { db in
            try db.execute(sql: "UPDATE event_delivery SET state = 'pending' WHERE state = 'sending'")
            return db.changesCount
        }
    }

    public func eventDeliveries(_ filter: EventDeliveryFilter) async throws -> [EventDeliveryRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM event_delivery WHERE (?1 IS NULL OR practice_id = ?1) AND (?2 = 0 OR state = 'failed')
                ORDER BY id DESC LIMIT ?3
                """, arguments: [filter.practiceID?.rawValue, filter.failedOnly, max(filter.limit, 0)]).map(Self.eventDelivery)
        }
    }

    public func retryFailedEventDeliveries(eventIDs: [Int64]?, at: Date) async throws -> Int {
        let ids = eventIDs.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
        return try await committer.write { db in
            try db.execute(sql: """
                UPDATE event_delivery SET state = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = ?
                WHERE state = 'failed' AND (?2 IS NULL OR event_id IN (SELECT value FROM json_each(?2)))
                    AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE disabled_at IS NULL)
                """, arguments: [at.storageValue, ids])
            let count = db.changesCount
            if count > 0 { db.afterNextTransaction { _ in EventOutboxSignal.notify() } }
            return count
        }
    }

    public func pruneDeliveredEvents(before: Date, limit: Int) async throws -> Int {
        try await committer.write { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM event e WHERE e.created_at < ? AND NOT EXISTS (
                    SELECT 1 FROM event_delivery d WHERE d.event_id = e.id AND d.state != 'delivered')
                ORDER BY e.id LIMIT ?
                """, arguments: [before.storageValue, max(limit, 0)])
            guard !ids.isEmpty else { return 0 }
            let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
            try db.execute(sql: "DELETE FROM event_delivery WHERE event_id IN (SELECT value FROM json_each(?))", arguments: [list])
            try db.execute(sql: "DELETE FROM event WHERE id IN (SELECT value FROM json_each(?))", arguments: [list])
            return ids.count
        }
    }

    static func eventEndpoint(_ row: Row) throws -> EventEndpointRecord {
        let sourceText: String = row["source"]
        guard let source = EventEndpointRecord.Source(rawValue: sourceText) else {
            throw CorruptRow(table: "webhook_endpoint", column: "source", value: sourceText)
        }
        return EventEndpointRecord(
            id: row["id"], practiceID: PracticeID(row["practice_id"]), url: row["url"],
            eventTypes: try StoredJSON.decode([String].self, row["event_types_json"])
                .map { Set($0.compactMap(EventType.init(rawValue:))) },
            secret: row["secret"], secretCredential: row["secret_credential"], source: source,
            createdAt: Date(storageValue: row["created_at"]))
    }

    static func eventDelivery(_ row: Row) throws -> EventDeliveryRecord {
        let typeText: String = row["type"]
        let stateText: String = row["state"]
        guard let type = EventType(rawValue: typeText) else {
            throw CorruptRow(table: "event_delivery", column: "type", value: typeText)
        }
        guard let state = EventDeliveryRecord.State(rawValue: stateText) else {
            throw CorruptRow(table: "event_delivery", column: "state", value: stateText)
        }
        return EventDeliveryRecord(
            id: row["id"], eventID: row["event_id"], endpointID: row["endpoint_id"], practiceID: PracticeID(row["practice_id"]),
            type: type, orderingKey: row["ordering_key"], state: state, attempts: row["attempts"],
            createdAt: Date(storageValue: row["created_at"]), firstAttemptAt: row.date("first_attempt_at"),
            nextAttemptAt: Date(storageValue: row["next_attempt_at"]), deliveredAt: row.date("delivered_at"),
            lastStatus: row["last_status"], lastError: row["last_error"])
    }
}
