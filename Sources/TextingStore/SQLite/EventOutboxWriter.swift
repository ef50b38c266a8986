import Foundation
import GRDB
import TextingCore

/// Writes the events of a change into the event outbox inside the change's own transaction (V1),
/// so an event exists exactly when its change does: a batch rolled back leaves none.
///
/// Each write path of the store calls it once. A practice without an enabled endpoint costs one
/// indexed lookup in a table of a few rows, through the connection's statement cache; nothing is
/// encoded or written for it. (An in-memory set of practices would go stale when another daemon
/// sharing the database adds an endpoint, M1.)
enum EventOutboxWriter {
    /// An enabled endpoint as the writer needs it.
    struct Target {
        var id: Int64
        var types: Set<EventType>?

        func receives(_ type: EventType) -> Bool { types?.contains(type) ?? true }
    }

    /// The events of a committed session batch: the conversation opened, the profile created,
    /// each message, each subscription change, then the conversation ended.
    static func record(_ db: Database, batch: SessionBatch, result: SessionCommit) throws {
        let targets = try self.targets(db, practice: batch.practiceID)
        guard !targets.isEmpty else { return }
        let practice = batch.practiceID.rawValue
        let phone = batch.phone.e164
        let now = Date()
        let key = orderingKey(conversation: result.conversationID, practice: batch.practiceID, phone: batch.phone)
        var writer = Writer(db: db, targets: targets, practice: practice, now: now)

        func conversationData(_ c: ConversationRecord, id: ConversationID) -> EventPayload.ConversationChanged {
            EventPayload.ConversationChanged(
                conversationId: id.rawValue, practiceId: practice, phone: phone, title: c.title, channel: c.channel.rawValue,
                clientId: result.clientID?.rawValue ?? c.clientID?.rawValue, openedAt: EventPayload.timestamp(c.createdAt),
                endedAt: c.endedAt.map(EventPayload.timestamp))
        }
        if case .create(let c) = batch.conversation, let id = result.conversationID {
            try writer.write(.conversationOpened, key: key, at: c.createdAt, data: conversationData(c, id: id))
        }
        if case .create(let p) = batch.profile, let id = result.clientID {
            try writer.write(.profileCreated, key: key, at: now, data: EventPayload.ProfileCreated(
                clientId: id.rawValue, practiceId: practice, phone: phone, conversationId: result.conversationID?.rawValue,
                source: p.source.rawValue, firstName: p.firstName, lastName: p.lastName, email: p.email,
                emailMissingFromPMS: p.emailMissingFromPMS))
        }
        for (message, id) in zip(batch.messages, result.messageIDs) {
            let conversation = message.inConversation ? result.conversationID : nil
            let queued = message.direction == .outbound && message.channel == .text && message.sendFrom != nil
            try writer.write(
                .messageCreated, key: orderingKey(conversation: conversation, practice: batch.practiceID, phone: batch.phone),
                at: message.createdAt,
                data: EventPayload.MessageCreated(
                    messageId: id.rawValue, practiceId: practice, conversationId: conversation?.rawValue, phone: phone,
                    direction: message.direction.rawValue, channel: message.channel.rawValue,
                    author: EventPayload.Author(message.author), clientName: message.clientName, body: message.body,
                    media: message.media.map(EventPayload.Media.init),
                    deliveryState: queued ? DeliveryState.queued.rawValue : nil,
                    createdAt: EventPayload.timestamp(message.createdAt)))
        }
        for change in batch.subscriptionChanges {
            try writer.write(.subscriptionChanged, key: key, at: change.at, data: EventPayload.SubscriptionChanged(
                practiceId: practice, phone: phone, conversationId: result.conversationID?.rawValue,
                kind: change.kind.rawValue, subscribed: change.subscribed, actor: change.actor, method: change.method,
                at: EventPayload.timestamp(change.at)))
        }
        if case .update(let c) = batch.conversation, !c.isActive, let id = result.conversationID, c.endedAt != nil {
            try writer.write(.conversationEnded, key: key, at: c.endedAt ?? now, data: conversationData(c, id: id))
        }
    }

    /// `message.status_changed` for the outcome of a send: accepted (the state the carrier gave,
    /// or a status that arrived before the send was recorded) or failed. A retry changes nothing,
    /// nor does an acceptance as `queued` (the state `message.created` announced; the transient
    /// `sending` is not announced).
    static func recordSend(_ db: Database, item: OutboxItem, outcome: SendOutcome) throws {
        if case .retry = outcome { return }
        let targets = try self.targets(db, practice: item.practiceID)
        guard !targets.isEmpty,
              let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM message WHERE id = ?"),
                                         arguments: [item.messageID.rawValue])
        else { return }
        let message = try SQLiteStore.message(from: row)
        // Accepted as `queued`: the state message.created announced, nothing new to tell.
        guard message.deliveryState != .queued else { return }
        try statusChanged(db, message: message, targets: targets)
    }

    /// `message.status_changed` for a delivery status the carrier reported.
    static func recordStatus(_ db: Database, message: MessageRecord) throws {
        guard let practice = message.practiceID else { return }
        let targets = try self.targets(db, practice: practice)
        guard !targets.isEmpty else { return }
        try statusChanged(db, message: message, targets: targets)
    }

    private static func statusChanged(_ db: Database, message: MessageRecord, targets: [Target]) throws {
        guard let practice = message.practiceID, let state = message.deliveryState else { return }
        let now = Date()
        var writer = Writer(db: db, targets: targets, practice: practice.rawValue, now: now)
        try writer.write(
            .messageStatusChanged,
            key: orderingKey(conversation: message.conversationID, practice: practice, phone: message.phone), at: now,
            data: EventPayload.MessageStatusChanged(
                messageId: message.id.rawValue, practiceId: practice.rawValue,
                conversationId: message.conversationID?.rawValue, phone: message.phone.e164,
                channel: message.channel.rawValue, deliveryState: state.rawValue, errorCode: message.errorCode,
                errorExplanation: message.errorExplanation))
    }

    /// Events of one conversation share a key; events outside any share their number's.
    static func orderingKey(conversation: ConversationID?, practice: PracticeID, phone: PhoneNumber) -> String {
        if let conversation { return "conversation:\(conversation.rawValue)" }
        return "phone:\(practice.rawValue):\(phone.e164)"
    }

    /// The practice's enabled endpoints.
    static func targets(_ db: Database, practice: PracticeID) throws -> [Target] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, event_types_json FROM webhook_endpoint WHERE practice_id = ? AND disabled_at IS NULL"),
            arguments: [practice.rawValue]
        ).map { row in
            Target(id: row["id"], types: try JSONColumn.decode([String].self, row["event_types_json"])
                .map { Set($0.compactMap(EventType.init(rawValue:))) })
        }
    }

    /// Inserts events and their deliveries for one practice.
    struct Writer {
        let db: Database
        let targets: [Target]
        let practice: Int64
        let now: Date
        let encoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }()

        mutating func write<D: Codable & Sendable>(_ type: EventType, key: String, at: Date, data: D) throws {
            let receivers = targets.filter { $0.receives(type) }
            guard !receivers.isEmpty else { return }
            let payload = String(decoding: try encoder.encode(EventEnvelope(type: type, at: at, data: data)), as: UTF8.self)
            try db.executeCached(sql: """
                INSERT INTO event (practice_id, ordering_key, type, payload, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [practice, key, type.rawValue, payload, now.storageValue])
            let event = db.lastInsertedRowID
            for target in receivers {
                try db.executeCached(sql: """
                    INSERT INTO event_delivery (event_id, endpoint_id, practice_id, type, ordering_key, created_at,
                        next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [event, target.id, practice, type.rawValue, key, now.storageValue, now.storageValue])
            }
            db.afterNextTransaction { _ in EventOutboxSignal.notify() }
        }
    }
}
