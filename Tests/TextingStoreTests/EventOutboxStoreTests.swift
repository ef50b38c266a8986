import Foundation
import Testing
import TextingCore
import TextingStore

/// V1: events are written by the store in the transaction of the change they report, only for
/// practices with an endpoint that takes them, and handed out in order per endpoint and
/// conversation.
@Suite("Store: the event outbox of the platform's webhooks")
struct EventOutboxStoreTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    struct Fixture {
        let store: any ConformingStore
        let practice: Practice
        let other: Practice
        let sender: PhoneNumber
    }

    static func fixture(_ store: any ConformingStore) async throws -> Fixture {
        let practice = try await store.createPractice(try StoreFixtures.practice("800-555-0101"))
        var second = try StoreFixtures.practice("800-555-0102")
        second.name = "Other Vet"
        let other = try await store.createPractice(second)
        return Fixture(store: store, practice: practice, other: other, sender: try PhoneNumber(parsing: "800-555-0101"))
    }

    @discardableResult
    static func endpoint(_ store: any ConformingStore, _ practice: PracticeID, types: Set<EventType>? = nil,
                         url: String = "http://127.0.0.1:9/hook") async throws -> EventEndpointRecord {
        try await store.addEventEndpoint(EventEndpointRecord(
            id: 0, practiceID: practice, url: url, eventTypes: types, secret: "whsec_AAAA", secretCredential: nil,
            source: .control, createdAt: at))
    }

    /// An inbound text that opens a conversation, as the session writes it.
    static func opening(_ practice: PracticeID, phone: PhoneNumber? = nil, sid: String, at: Date = at) throws -> SessionBatch {
        let phone = try phone ?? PhoneNumber(parsing: "312-555-0142")
        return SessionBatch(
            practiceID: practice, phone: phone,
            conversation: .create(ConversationRecord(
                id: ConversationID(0), practiceID: practice, phone: phone, clientID: nil, title: phone.e164, channel: .text,
                isActive: true, createdAt: at)),
            messages: [MessageDraft(direction: .inbound, author: .client, body: "Hello", carrierSID: sid, createdAt: at)])
    }

    static func types(_ store: any ConformingStore) async throws -> [String] {
        try await store.eventDeliveries(EventDeliveryFilter(limit: 100)).reversed().map(\.type.rawValue)
    }

    @Test("V1: a practice without an endpoint gets no event rows", arguments: StoreKind.allCases)
    func noEndpointNoEvents(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.other.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMnone"))
            #expect(try await f.store.eventDeliveries(EventDeliveryFilter(limit: 100)).isEmpty)
        }
    }

    @Test("V1: an inbound text that opens a conversation writes conversation.opened then message.created, signed-ready JSON", arguments: StoreKind.allCases)
    func openingEvents(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id)
            let commit = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMopen"))
            #expect(try await Self.types(f.store) == ["conversation.opened", "message.created"])
            let due = try await f.store.dueEventDeliveries(now: Self.at.addingTimeInterval(1), limit: 10, excluding: [])
            // Same conversation: only the first is in line.
            #expect(due.map(\.delivery.type) == [.conversationOpened])
            let first = try #require(due.first)
            #expect(first.delivery.orderingKey == "conversation:\(try #require(commit.conversationID).rawValue)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(first.payload.utf8)) as? [String: Any])
            #expect(json["type"] as? String == "conversation.opened")
            #expect(json["timestamp"] as? String == "2027-01-15T08:00:00Z")
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["phone"] as? String == "+13125550142")
            #expect(data["practiceId"] as? Int64 == f.practice.id.rawValue)
        }
    }

    @Test("V1: a batch that fails leaves no event; a duplicate text (R6) adds none", arguments: StoreKind.allCases)
    func failedBatchLeavesNoEvent(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMfirst"))
            let before = try await Self.types(f.store)
            // A second active conversation for the same number breaks the unique index: rolled back.
            await #expect(throws: (any Error).self) {
                _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMsecond"))
            }
            let duplicate = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMfirst"))
            #expect(duplicate.duplicate)
            #expect(try await Self.types(f.store) == before)
        }
    }

    @Test("V1: an endpoint's filter decides which types it gets; another practice's endpoint gets none", arguments: StoreKind.allCases)
    func filters(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            let only = try await Self.endpoint(f.store, f.practice.id, types: [.messageCreated])
            let elsewhere = try await Self.endpoint(f.store, f.other.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMfilter"))
            let rows = try await f.store.eventDeliveries(EventDeliveryFilter(limit: 100))
            #expect(rows.map(\.type) == [.messageCreated])
            #expect(rows.allSatisfy { $0.endpointID == only.id && $0.endpointID != elsewhere.id })
        }
    }

    @Test("V1: in order per endpoint and conversation; other conversations go in parallel; failed unblocks the next", arguments: StoreKind.allCases)
    func ordering(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMa"))
            _ = try await f.store.commit(try Self.opening(f.practice.id, phone: try PhoneNumber(parsing: "312-555-0143"), sid: "SMb"))
            let now = Self.at.addingTimeInterval(1)
            var due = try await f.store.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(due.map(\.delivery.type) == [.conversationOpened, .conversationOpened])
            let a = due[0].delivery.id
            #expect(try await f.store.claimEventDelivery(a, at: now))
            #expect(try await f.store.claimEventDelivery(a, at: now) == false)
            // While a is being sent, its conversation's next event waits.
            due = try await f.store.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(due.map(\.delivery.id) == [due[0].delivery.id] && due[0].delivery.id != a)
            // A retry later keeps the line closed until then.
            try await f.store.recordEventDelivery(a, outcome: .retry(at: now.addingTimeInterval(60), status: 500, error: "HTTP 500"))
            due = try await f.store.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(!due.contains { $0.delivery.id == a })
            #expect(due.count == 1)
            due = try await f.store.dueEventDeliveries(now: now.addingTimeInterval(61), limit: 10, excluding: [])
            #expect(due.contains { $0.delivery.id == a })
            #expect(try await f.store.claimEventDelivery(a, at: now.addingTimeInterval(61)))
            // Failed for good: the next of its conversation is in line.
            try await f.store.recordEventDelivery(a, outcome: .failed(status: 500, error: "HTTP 500"))
            due = try await f.store.dueEventDeliveries(now: now.addingTimeInterval(61), limit: 10, excluding: [])
            #expect(due.map(\.delivery.type).sorted { $0.rawValue < $1.rawValue } == [.conversationOpened, .messageCreated])
            let failed = try await f.store.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10))
            #expect(failed.map(\.id) == [a])
            #expect(failed.first?.attempts == 2)
        }
    }

    @Test("V1: events retry puts failed deliveries back with a new window; a stop's sending ones resume", arguments: StoreKind.allCases)
    func retryAndResume(kind: StoreKind) async throws {
        let clock = StoreClock(Self.at)
        try await withStore(kind, clock: clock.function) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMretry"))
            let now = Self.at.addingTimeInterval(1)
            let first = try #require(try await f.store.dueEventDeliveries(now: now, limit: 1, excluding: []).first)
            #expect(try await f.store.claimEventDelivery(first.delivery.id, at: now))
            try await f.store.recordEventDelivery(first.delivery.id, outcome: .failed(status: nil, error: "refused"))
            #expect(try await f.store.retryFailedEventDeliveries(eventIDs: [first.delivery.eventID], at: now) == 1)
            let again = try #require(try await f.store.eventDeliveries(EventDeliveryFilter(limit: 10)).first { $0.id == first.delivery.id })
            #expect(again.state == .pending && again.attempts == 0 && again.firstAttemptAt == nil)
            #expect(try await f.store.claimEventDelivery(first.delivery.id, at: now))
            // Past any claim lease (a shared store's claims run out; the daemon holding it is gone).
            clock.advance(StoreClock.pastAnyLease)
            #expect(try await f.store.resumeInterruptedEventDeliveries() == 1)
            let later = clock.now
            #expect(try await f.store.dueEventDeliveries(now: later, limit: 1, excluding: []).first?.delivery.id == first.delivery.id)
        }
    }

    @Test("V1, C3: a send's outcome and a carrier status each write message.status_changed with the plain explanation", arguments: StoreKind.allCases)
    func statusChanges(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id, types: [.messageStatusChanged])
            let draft = MessageDraft(direction: .outbound, author: .staff("Dr. Alice"), body: "See you", sendFrom: f.sender,
                                     createdAt: Self.at)
            var batch = try Self.opening(f.practice.id, sid: "SMstatus")
            batch.messages.append(draft)
            _ = try await f.store.commit(batch)
            let item = try #require(try await f.store.dueOutbox(now: Self.at.addingTimeInterval(1), perSender: 10, excluding: [],
                                                                skipping: []).items.first)
            #expect(try await f.store.markSending(item))
            try await f.store.recordSend(item, outcome: .retry(at: Self.at, error: "429"))
            #expect(try await f.store.eventDeliveries(EventDeliveryFilter(limit: 10)).isEmpty)
            // Accepted as queued: nothing new for the platform.
            #expect(try await f.store.markSending(item))
            try await f.store.recordSend(item, outcome: .accepted(carrierSID: "SMout0", state: .queued))
            #expect(try await f.store.eventDeliveries(EventDeliveryFilter(limit: 10)).isEmpty)
            _ = try await f.store.updateDelivery(carrierSID: "SMout0", state: .sent, errorCode: nil)
            _ = try await f.store.updateDelivery(carrierSID: "SMout0", state: .undelivered, errorCode: 30003)
            let due = try await f.store.dueEventDeliveries(now: Self.at.addingTimeInterval(1), limit: 10, excluding: [])
            let payloads = try await f.store.eventDeliveries(EventDeliveryFilter(limit: 10))
            #expect(payloads.count == 2)
            let head = try #require(due.first)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(head.payload.utf8)) as? [String: Any])
            #expect((json["data"] as? [String: Any])?["deliveryState"] as? String == "sent")
            // The undelivered one carries the code and its explanation (C3).
            #expect(try await f.store.claimEventDelivery(head.delivery.id, at: Self.at))
            try await f.store.recordEventDelivery(head.delivery.id, outcome: .delivered(status: 204, at: Self.at))
            let next = try #require(try await f.store.dueEventDeliveries(now: Self.at.addingTimeInterval(1), limit: 10, excluding: [])
                .first)
            let data = try #require((try JSONSerialization.jsonObject(with: Data(next.payload.utf8)) as? [String: Any])?["data"]
                as? [String: Any])
            #expect(data["deliveryState"] as? String == "undelivered" && data["errorCode"] as? Int == 30003)
            #expect((data["errorExplanation"] as? String)?.contains("unreachable") == true)
        }
    }

    @Test("V1: configured endpoints follow the file: kept by practice, URL and credential, filters updated, gone ones stop", arguments: StoreKind.allCases)
    func configuredEndpoints(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            func configured(_ url: String, _ types: Set<EventType>?) -> EventEndpointRecord {
                EventEndpointRecord(id: 0, practiceID: f.practice.id, url: url, eventTypes: types, secret: nil,
                                    secretCredential: "hook", source: .config, createdAt: .distantPast)
            }
            let control = try await Self.endpoint(f.store, f.practice.id)
            try await f.store.syncConfiguredEventEndpoints([configured("https://a.example", nil), configured("https://b.example", nil)],
                                                           at: Self.at)
            let first = try await f.store.eventEndpoints(practice: f.practice.id)
            #expect(first.map(\.url) == ["http://127.0.0.1:9/hook", "https://a.example", "https://b.example"])
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMsync"))
            try await f.store.syncConfiguredEventEndpoints([configured("https://a.example", [.profileCreated])], at: Self.at)
            let second = try await f.store.eventEndpoints(practice: f.practice.id)
            #expect(second.map(\.id) == [control.id, first[1].id])
            #expect(second[1].eventTypes == [.profileCreated] && second[1].createdAt == Self.at)
            let failed = try await f.store.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10))
            #expect(failed.count == 2 && failed.allSatisfy { $0.endpointID == first[2].id && $0.lastError?.contains("removed") == true })
        }
    }

    @Test("V1: delivered events are pruned after their keeping time; failed and pending ones stay", arguments: StoreKind.allCases)
    func pruning(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Self.fixture(store)
            try await Self.endpoint(f.store, f.practice.id)
            _ = try await f.store.commit(try Self.opening(f.practice.id, sid: "SMprune"))
            let now = Self.at.addingTimeInterval(1)
            let first = try #require(try await f.store.dueEventDeliveries(now: now, limit: 1, excluding: []).first)
            #expect(try await f.store.claimEventDelivery(first.delivery.id, at: now))
            try await f.store.recordEventDelivery(first.delivery.id, outcome: .delivered(status: 204, at: now))
            let second = try #require(try await f.store.dueEventDeliveries(now: now, limit: 1, excluding: []).first)
            #expect(try await f.store.claimEventDelivery(second.delivery.id, at: now))
            try await f.store.recordEventDelivery(second.delivery.id, outcome: .failed(status: 500, error: "HTTP 500"))
            // Events are dated when written (the store's clock).
            #expect(try await f.store.pruneDeliveredEvents(before: Date().addingTimeInterval(-3_600), limit: 10) == 0)
            #expect(try await f.store.pruneDeliveredEvents(before: Date().addingTimeInterval(60), limit: 10) == 1)
            let left = try await f.store.eventDeliveries(EventDeliveryFilter(limit: 10))
            #expect(left.map(\.id) == [second.delivery.id])
        }
    }
}
