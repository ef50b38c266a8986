import Foundation
import TextingCore

/// An event a change produces for the practice platform (V1), encoded and ready to be inserted
/// with one delivery per endpoint that takes it, in the change's own transaction.
///
/// Which events a change produces, their ordering keys and payloads are decided here once; each
/// store only writes them (``EventOutboxStore``).
public struct PendingEvent: Sendable, Equatable {
    public var type: EventType
    /// Events of one conversation share a key; events outside any share their number's. A
    /// delivery waits for every earlier one of its endpoint and key.
    public var orderingKey: String
    /// The encoded envelope (``EventEnvelope``).
    public var payload: String

    public init(type: EventType, orderingKey: String, payload: String) {
        self.type = type
        self.orderingKey = orderingKey
        self.payload = payload
    }
}

/// An enabled endpoint as a store's event writer needs it.
public struct EventTarget: Sendable, Equatable {
    public var id: Int64
    /// The event types it takes; nil for all.
    public var types: Set<EventType>?

    public init(id: Int64, types: Set<EventType>?) {
        self.id = id
        self.types = types
    }

    public func receives(_ type: EventType) -> Bool { types?.contains(type) ?? true }
}

extension PendingEvent {
    /// Events of one conversation share a key; events outside any share their number's.
    public static func orderingKey(conversation: ConversationID?, practice: PracticeID, phone: PhoneNumber) -> String {
        if let conversation { return "conversation:\(conversation.rawValue)" }
        return "phone:\(practice.rawValue):\(phone.e164)"
    }

    /// The events of a committed session batch, in order: the conversation opened, the profile
    /// created, each message, each subscription change, then the conversation ended. Only types
    /// `wanted` says yes to are encoded.
    public static func events(batch: SessionBatch, result: SessionCommit, now: Date,
                              wanted: (EventType) -> Bool) throws -> [PendingEvent] {
        let practice = batch.practiceID.rawValue
        let phone = batch.phone.e164
        let key = orderingKey(conversation: result.conversationID, practice: batch.practiceID, phone: batch.phone)
        var events: [PendingEvent] = []
        func add<D: Codable & Sendable>(_ type: EventType, key: String, at: Date, data: @autoclosure () -> D) throws {
            guard wanted(type) else { return }
            events.append(PendingEvent(type: type, orderingKey: key, payload: try encode(type, at: at, data: data())))
        }
        func conversationData(_ c: ConversationRecord, id: ConversationID) -> EventPayload.ConversationChanged {
            EventPayload.ConversationChanged(
                conversationId: id.rawValue, practiceId: practice, phone: phone, title: c.title, channel: c.channel.rawValue,
                clientId: result.clientID?.rawValue ?? c.clientID?.rawValue, openedAt: EventPayload.timestamp(c.createdAt),
                endedAt: c.endedAt.map(EventPayload.timestamp))
        }
        if case .create(let c) = batch.conversation, let id = result.conversationID {
            try add(.conversationOpened, key: key, at: c.createdAt, data: conversationData(c, id: id))
        }
        if case .create(let p) = batch.profile, let id = result.clientID {
            try add(.profileCreated, key: key, at: now, data: EventPayload.ProfileCreated(
                clientId: id.rawValue, practiceId: practice, phone: phone, conversationId: result.conversationID?.rawValue,
                source: p.source.rawValue, firstName: p.firstName, lastName: p.lastName, email: p.email,
                emailMissingFromPMS: p.emailMissingFromPMS))
        }
        for (message, id) in zip(batch.messages, result.messageIDs) {
            let conversation = message.inConversation ? result.conversationID : nil
            let queued = message.direction == .outbound && message.channel == .text && message.sendFrom != nil
            try add(
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
            try add(.subscriptionChanged, key: key, at: change.at, data: EventPayload.SubscriptionChanged(
                practiceId: practice, phone: phone, conversationId: result.conversationID?.rawValue,
                kind: change.kind.rawValue, subscribed: change.subscribed, actor: change.actor, method: change.method,
                at: EventPayload.timestamp(change.at)))
        }
        if case .update(let c) = batch.conversation, !c.isActive, let id = result.conversationID, c.endedAt != nil {
            try add(.conversationEnded, key: key, at: c.endedAt ?? now, data: conversationData(c, id: id))
        }
        return events
    }

    /// Whether the outcome of a send is told as `message.status_changed`: an acceptance in a
    /// state other than `queued` (the state `message.created` announced) or a failure. A retry
    /// is not told; the transient `sending` is not announced.
    public static func announcesSend(_ outcome: SendOutcome, message: MessageRecord) -> Bool {
        if case .retry = outcome { return false }
        return message.deliveryState != .queued
    }

    /// `message.status_changed` for the state `message` is now in; nil for a message outside
    /// any practice or without a delivery state.
    public static func statusChanged(_ message: MessageRecord, now: Date) throws -> PendingEvent? {
        guard let practice = message.practiceID, let state = message.deliveryState else { return nil }
        return PendingEvent(
            type: .messageStatusChanged,
            orderingKey: orderingKey(conversation: message.conversationID, practice: practice, phone: message.phone),
            payload: try encode(.messageStatusChanged, at: now, data: EventPayload.MessageStatusChanged(
                messageId: message.id.rawValue, practiceId: practice.rawValue,
                conversationId: message.conversationID?.rawValue, phone: message.phone.e164,
                channel: message.channel.rawValue, deliveryState: state.rawValue, errorCode: message.errorCode,
                errorExplanation: message.errorExplanation)))
    }

    static func encode<D: Codable & Sendable>(_ type: EventType, at: Date, data: D) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(EventEnvelope(type: type, at: at, data: data)), as: UTF8.self)
    }
}
