import Foundation
import Logging
import Operations
import Synchronization
import Testing
import TextingCore
@testable import Daemon
@testable import TextingStore
import TextingStoreSQLite

/// V1: the sender posts the event outbox to a loopback endpoint, signed per Standard Webhooks,
/// in order per conversation, retrying until its window is over, then keeping the event failed.
@Suite("EventWebhookSender: signed events, in order, retried, failed and retried again", .serialized)
struct EventWebhookSenderTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    struct Rig {
        let store: SQLiteStore
        let practice: PracticeID
        let receiver: LoopbackWebhookReceiver
        let sender: EventWebhookSender
        let task: Task<Void, Never>

        func stop() async {
            task.cancel()
            await task.value
            receiver.stop()
        }
    }

    /// `beforeStart` runs on the store before the sender starts (a previous run's leftovers).
    static func rig(
        window: Double = 3_600, beforeStart: (SQLiteStore, PracticeID) async throws -> Void = { _, _ in }
    ) async throws -> Rig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let practice = try await store.createPractice(Practice(
            id: PracticeID(0), name: "Test Vet", country: .unitedStates,
            timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
            practicePhone: try PhoneNumber(parsing: "312-555-0100"), emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
            textingEnabled: true, number: .assigned(try PhoneNumber(parsing: "800-555-0101")))).id
        let receiver = try LoopbackWebhookReceiver()
        _ = try await store.addEventEndpoint(EventEndpointRecord(
            id: 0, practiceID: practice, url: receiver.url, eventTypes: nil, secret: secret, secretCredential: nil,
            source: .control, createdAt: Date()))
        let sender = EventWebhookSender(
            store: store,
            configuration: .init(retryWindowSeconds: window, initialDelaySeconds: 0.05, maxDelaySeconds: 0.2,
                                 timeoutSeconds: 5, concurrency: 4, pollIntervalSeconds: 0.1),
            secret: { $0.secret }, logger: Logger(label: "test.events"))
        try await beforeStart(store, practice)
        let task = Task { await sender.run() }
        return Rig(store: store, practice: practice, receiver: receiver, sender: sender, task: task)
    }

    /// Two conversations, each an opening text and a staff reply: 3 events each.
    static func story(_ rig: Rig) async throws { try await story(rig.store, rig.practice) }

    static func story(_ store: SQLiteStore, _ practice: PracticeID) async throws {
        for (index, number) in ["312-555-0142", "312-555-0143"].enumerated() {
            let phone = try PhoneNumber(parsing: number)
            let now = Date()
            var batch = SessionBatch(
                practiceID: practice, phone: phone,
                conversation: .create(ConversationRecord(
                    id: ConversationID(0), practiceID: practice, phone: phone, clientID: nil, title: phone.e164,
                    channel: .text, isActive: true, createdAt: now)),
                messages: [MessageDraft(direction: .inbound, author: .client, body: "Hello", carrierSID: "SMstory\(index)",
                                        createdAt: now)])
            batch.messages.append(MessageDraft(direction: .outbound, channel: .app, author: .staff("Dr. Alice"), body: "Hi",
                                               createdAt: Date()))
            _ = try await store.commit(batch)
        }
    }

    static func eventually(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within 30 s")
    }

    /// Each request's event type and conversation, checking its signature on the way.
    static func verified(_ requests: [LoopbackWebhookReceiver.Request]) throws -> [(id: String, type: String, conversation: Int64?)] {
        let signer = try #require(WebhookSigner(secret: secret))
        return try requests.map { request in
            let id = try #require(request.headers["webhook-id"])
            let timestamp = try #require(request.headers["webhook-timestamp"].flatMap { Int64($0) })
            #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 120)
            #expect(request.headers["webhook-signature"] == signer.signature(id: id, timestamp: timestamp, body: request.body))
            #expect(request.headers["content-type"] == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            let data = try #require(json["data"] as? [String: Any])
            return (id, try #require(json["type"] as? String), data["conversationId"] as? Int64)
        }
    }

    static func inOrderPerConversation(_ events: [(id: String, type: String, conversation: Int64?)]) -> Bool {
        Dictionary(grouping: events.filter { $0.conversation != nil }, by: { $0.conversation })
            .values.allSatisfy { $0.map(\.type) == ["conversation.opened", "message.created", "message.created"] }
    }

    @Test("V1: every event arrives once, signed, in order per conversation")
    func deliversInOrder() async throws {
        let rig = try await Self.rig()
        try await Self.story(rig)
        try await Self.eventually { rig.receiver.requests.count >= 6 }
        try await Self.eventually {
            try await rig.store.eventDeliveries(EventDeliveryFilter(limit: 10)).allSatisfy { $0.state == .delivered }
        }
        await rig.stop()
        let events = try Self.verified(rig.receiver.requests)
        #expect(events.count == 6)
        #expect(Set(events.map(\.id)).count == 6)
        #expect(Self.inOrderPerConversation(events))
    }

    @Test("V1: 500s are retried with backoff; the events arrive after the endpoint recovers, still in order")
    func retriesAfterServerErrors() async throws {
        let rig = try await Self.rig()
        let failures = Mutex(0)
        rig.receiver.answer { _ in failures.withLock { $0 += 1; return $0 <= 5 ? 500 : 204 } }
        try await Self.story(rig)
        try await Self.eventually {
            try await rig.store.eventDeliveries(EventDeliveryFilter(limit: 10)).allSatisfy { $0.state == .delivered }
        }
        await rig.stop()
        let delivered = try Self.verified(rig.receiver.requests).enumerated().filter { $0.offset >= 5 }.map(\.element)
        #expect(Set(delivered.map(\.id)).count == 6)
        // A retried event is the same event: the same webhook-id each time.
        let all = try Self.verified(rig.receiver.requests)
        #expect(Set(all.map(\.id)).count == 6)
        #expect(Self.inOrderPerConversation(delivered))
    }

    @Test("V1: after the retry window a delivery is failed and kept; events retry sends it again")
    func failsAfterWindowThenRetries() async throws {
        let rig = try await Self.rig(window: 0.5)
        rig.receiver.answer { _ in 503 }
        try await Self.story(rig)
        try await Self.eventually {
            let rows = try await rig.store.eventDeliveries(EventDeliveryFilter(limit: 10))
            return rows.count == 6 && rows.allSatisfy { $0.state == .failed }
        }
        let failed = try await rig.store.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10))
        #expect(failed.allSatisfy { $0.lastStatus == 503 && $0.lastError?.contains("503") == true })
        rig.receiver.answer { _ in 200 }
        #expect(try await rig.store.retryFailedEventDeliveries(eventIDs: nil, at: Date()) == 6)
        try await Self.eventually {
            try await rig.store.eventDeliveries(EventDeliveryFilter(limit: 10)).allSatisfy { $0.state == .delivered }
        }
        await rig.stop()
    }

    @Test("V1: a delivery a killed daemon left being sent is sent again at the next start (at least once)")
    func resumesInterruptedDeliveries() async throws {
        let claimed = Mutex<Int64?>(nil)
        let rig = try await Self.rig { store, practice in
            try await Self.story(store, practice)
            let first = try #require(try await store.dueEventDeliveries(now: Date(), limit: 1, excluding: []).first)
            #expect(try await store.claimEventDelivery(first.delivery.id, at: Date()))
            claimed.withLock { $0 = first.delivery.eventID }
        }
        try await Self.eventually {
            try await rig.store.eventDeliveries(EventDeliveryFilter(limit: 10)).allSatisfy { $0.state == .delivered }
        }
        await rig.stop()
        let events = try Self.verified(rig.receiver.requests)
        #expect(events.count == 6)
        #expect(events.contains { $0.id == "evt_\(claimed.withLock { $0 } ?? 0)" })
        #expect(Self.inOrderPerConversation(events))
    }
}
