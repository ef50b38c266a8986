import Foundation
import GRDB
import TextingCore
import TextingStore

/// Writes the events of a change into the event outbox inside the change's own transaction (V1),
/// so an event exists exactly when its change does: a batch rolled back leaves none. Which events
/// a change makes is ``PendingEvent``'s to decide.
///
/// Each write path of the store calls it once. A practice without an enabled endpoint costs one
/// indexed lookup in a table of a few rows, through the connection's statement cache; nothing is
/// encoded or written for it. (An in-memory set of practices would go stale when another daemon
/// sharing the database adds an endpoint, M1.)
enum EventOutboxWriter {
    /// The events of a committed session batch.
    static func record(_ db: Database, batch: SessionBatch, result: SessionCommit) throws {
        let targets = try self.targets(db, practice: batch.practiceID)
        guard !targets.isEmpty else { return }
        let now = Date()
        let events = try PendingEvent.events(batch: batch, result: result, now: now) { type in
            targets.contains { $0.receives(type) }
        }
        try write(db, events, targets: targets, practice: batch.practiceID, now: now)
    }

    /// `message.status_changed` for the outcome of a send, when it announces one.
    static func recordSend(_ db: Database, item: OutboxItem, outcome: SendOutcome) throws {
        if case .retry = outcome { return }
        let targets = try self.targets(db, practice: item.practiceID)
        guard !targets.isEmpty,
              let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM message WHERE id = ?"),
                                         arguments: [item.messageID.rawValue])
        else { return }
        let message = try SQLiteStore.message(from: row)
        guard PendingEvent.announcesSend(outcome, message: message) else { return }
        try statusChanged(db, message: message, targets: targets)
    }

    /// `message.status_changed` for a delivery status the carrier reported.
    static func recordStatus(_ db: Database, message: MessageRecord) throws {
        guard let practice = message.practiceID else { return }
        let targets = try self.targets(db, practice: practice)
        guard !targets.isEmpty else { return }
        try statusChanged(db, message: message, targets: targets)
    }

    private static func statusChanged(_ db: Database, message: MessageRecord, targets: [EventTarget]) throws {
        guard let practice = message.practiceID else { return }
        let now = Date()
        guard let event = try PendingEvent.statusChanged(message, now: now) else { return }
        try write(db, [event], targets: targets, practice: practice, now: now)
    }

    /// The practice's enabled endpoints.
    static func targets(_ db: Database, practice: PracticeID) throws -> [EventTarget] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, event_types_json FROM webhook_endpoint WHERE practice_id = ? AND disabled_at IS NULL"),
            arguments: [practice.rawValue]
        ).map { row in
            EventTarget(id: row["id"], types: try StoredJSON.decode([String].self, row["event_types_json"])
                .map { Set($0.compactMap(EventType.init(rawValue:))) })
        }
    }

    /// Inserts events and one delivery per endpoint that takes each.
    private static func write(_ db: Database, _ events: [PendingEvent], targets: [EventTarget], practice: PracticeID,
                              now: Date) throws {
        for event in events {
            let receivers = targets.filter { $0.receives(event.type) }
            guard !receivers.isEmpty else { continue }
            try db.executeCached(sql: """
                INSERT INTO event (practice_id, ordering_key, type, payload, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [practice.rawValue, event.orderingKey, event.type.rawValue, event.payload, now.storageValue])
            let id = db.lastInsertedRowID
            for target in receivers {
                try db.executeCached(sql: """
                    INSERT INTO event_delivery (event_id, endpoint_id, practice_id, type, ordering_key, created_at,
                        next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, target.id, practice.rawValue, event.type.rawValue, event.orderingKey,
                                     now.storageValue, now.storageValue])
            }
            db.afterNextTransaction { _ in EventOutboxSignal.notify() }
        }
    }
}
