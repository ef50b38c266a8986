import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// Writes the events of a change into the event outbox inside the change's own transaction (V1),
/// so an event exists exactly when its change does: a transaction rolled back leaves none. The
/// PostgreSQL twin of the SQLite store's writer; which events a change makes is
/// ``PendingEvent``'s to decide.
///
/// Each write path calls it once, with the connection of its transaction
/// (`client.withTransaction`). A practice without an enabled endpoint costs one indexed lookup;
/// nothing is encoded or written for it. The endpoints are read in the transaction, never cached,
/// so an endpoint another daemon added is seen at once (M1).
///
/// Each call returns whether it wrote an event: the caller calls ``EventOutboxSignal/notify()``
/// after its transaction committed, so this process's event sender posts at once (other daemons
/// find the events at their next poll).
enum PostgresEventWriter {
    /// The events of a committed session batch, dated `now`.
    @discardableResult
    static func record(_ connection: PostgresConnection, batch: SessionBatch, result: SessionCommit, now: Date,
                       logger: Logger) async throws -> Bool {
        let targets = try await self.targets(connection, practice: batch.practiceID, logger: logger)
        guard !targets.isEmpty else { return false }
        let events = try PendingEvent.events(batch: batch, result: result, now: now) { type in
            targets.contains { $0.receives(type) }
        }
        return try await write(connection, events, targets: targets, practice: batch.practiceID, now: now, logger: logger)
    }

    /// `message.status_changed` for the outcome of a send, when it announces one; run after the
    /// outcome was written to the message row in the same transaction.
    @discardableResult
    static func recordSend(_ connection: PostgresConnection, item: OutboxItem, outcome: SendOutcome, now: Date,
                           logger: Logger) async throws -> Bool {
        if case .retry = outcome { return false }
        let targets = try await self.targets(connection, practice: item.practiceID, logger: logger)
        guard !targets.isEmpty else { return false }
        let rows = try await connection.query("SELECT * FROM message WHERE id = \(item.messageID.rawValue)",
                                              logger: logger).collect()
        guard let row = rows.first else { return false }
        let message = try PostgresStore.message(from: row)
        guard PendingEvent.announcesSend(outcome, message: message) else { return false }
        return try await statusChanged(connection, message: message, targets: targets, now: now, logger: logger)
    }

    /// `message.status_changed` for a delivery status the carrier reported; `message` as it is now.
    @discardableResult
    static func recordStatus(_ connection: PostgresConnection, message: MessageRecord, now: Date,
                             logger: Logger) async throws -> Bool {
        guard let practice = message.practiceID else { return false }
        let targets = try await self.targets(connection, practice: practice, logger: logger)
        guard !targets.isEmpty else { return false }
        return try await statusChanged(connection, message: message, targets: targets, now: now, logger: logger)
    }

    private static func statusChanged(_ connection: PostgresConnection, message: MessageRecord, targets: [EventTarget],
                                      now: Date, logger: Logger) async throws -> Bool {
        guard let practice = message.practiceID,
              let event = try PendingEvent.statusChanged(message, now: now)
        else { return false }
        return try await write(connection, [event], targets: targets, practice: practice, now: now, logger: logger)
    }

    /// The practice's enabled endpoints.
    static func targets(_ connection: PostgresConnection, practice: PracticeID, logger: Logger) async throws
        -> [EventTarget] {
        var targets: [EventTarget] = []
        let rows = try await connection.query("""
            SELECT id, event_types_json FROM webhook_endpoint
            WHERE practice_id = \(practice.rawValue) AND disabled_at IS NULL ORDER BY id
            """, logger: logger)
        for try await (id, typesJSON) in rows.decode((Int64, String?).self) {
            targets.append(EventTarget(id: id, types: try eventTypes(typesJSON)))
        }
        return targets
    }

    /// An endpoint's filter as stored (a JSON array of type names; NULL or empty for all).
    static func eventTypes(_ json: String?) throws -> Set<EventType>? {
        try StoredJSON.decode([String].self, json).map { Set($0.compactMap(EventType.init(rawValue:))) }
    }

    /// Inserts each event with one delivery per endpoint that takes it, one statement per event.
    private static func write(_ connection: PostgresConnection, _ events: [PendingEvent], targets: [EventTarget],
                              practice: PracticeID, now: Date, logger: Logger) async throws -> Bool {
        var wrote = false
        let at = now.timeIntervalSince1970
        for event in events {
            let receivers = targets.filter { $0.receives(event.type) }.map(\.id)
            guard !receivers.isEmpty else { continue }
            try await connection.query("""
                WITH inserted AS (
                    INSERT INTO event (practice_id, ordering_key, type, payload, created_at)
                    VALUES (\(practice.rawValue), \(event.orderingKey), \(event.type.rawValue), \(event.payload), \(at))
                    RETURNING id)
                INSERT INTO event_delivery (event_id, endpoint_id, practice_id, type, ordering_key, created_at,
                    next_attempt_at)
                SELECT inserted.id, endpoint, \(practice.rawValue), \(event.type.rawValue), \(event.orderingKey),
                    \(at), \(at)
                FROM inserted, unnest(\(receivers)::BIGINT[]) WITH ORDINALITY AS receiver(endpoint, position)
                ORDER BY position
                """, logger: logger)
            wrote = true
        }
        return wrote
    }
}
