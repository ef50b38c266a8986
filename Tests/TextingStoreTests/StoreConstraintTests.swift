import Foundation
import Testing
import TextingCore
import TextingStore

@Suite("Store: constraints, orphans, practices, early delivery status")
struct StoreConstraintTests {
    @Test("A failing batch is rolled back alone; the others of its commit are kept", arguments: StoreKind.allCases)
    func failingBatchIsolated(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-4000")
            let conversation = ConversationRecord(id: ConversationID(0), practiceID: practice.id, phone: phone, clientID: nil,
                                                  title: "t", channel: .text, isActive: true, createdAt: Date())
            // Two batches each creating an active conversation for the same number: the partial unique
            // index lets only one through (S5 in the database).
            async let a = try? store.commit(SessionBatch(practiceID: practice.id, phone: phone, conversation: .create(conversation)))
            async let b = try? store.commit(SessionBatch(practiceID: practice.id, phone: phone, conversation: .create(conversation)))
            let results = await [a, b]
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await store.conversations(practice: practice.id, activeOnly: true).count == 1)
        }
    }

    @Test("R6: of two batches carrying one inbound MessageSid at once, one stores it and the other is a duplicate",
          arguments: StoreKind.allCases)
    func concurrentDuplicateSid(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            func batch(_ phone: String) throws -> SessionBatch {
                SessionBatch(practiceID: practice.id, phone: try PhoneNumber(parsing: phone), messages: [MessageDraft(
                    direction: .inbound, author: .client, body: "once", carrierSID: "SMtwice", inConversation: false,
                    createdAt: Date())])
            }
            async let a = store.commit(try batch("312-555-4010"))
            async let b = store.commit(try batch("312-555-4010"))
            let commits = try await [a, b]
            #expect(commits.filter(\.duplicate).count == 1)
            #expect(try await store.messagesOutsideConversations(practice: practice.id).count == 1)
        }
    }

    @Test("R6: an orphan with a known MessageSid is not stored twice", arguments: StoreKind.allCases)
    func orphanDuplicate(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let draft = MessageDraft(direction: .inbound, author: .client, body: "x", carrierSID: "SMo", routed: false,
                                     inConversation: false, createdAt: Date())
            let from = try PhoneNumber(parsing: "312-555-4001")
            let to = try PhoneNumber(parsing: "888-555-0123")
            #expect(try await store.storeOrphan(draft, phone: from, practiceNumber: to))
            #expect(try await !store.storeOrphan(draft, phone: from, practiceNumber: to))
            #expect(try await store.messagesOutsideConversations(practice: nil).count == 1)
        }
    }

    @Test("E2: a texting number belongs to at most one practice", arguments: StoreKind.allCases)
    func numberUnique(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            var second = try await store.createPractice(try StoreFixtures.practice("800-555-1001"))
            second.number = .assigned(try PhoneNumber(parsing: "800-555-1000"))
            await #expect(throws: TextingError.self) { try await store.updatePractice(second) }
        }
    }

    @Test("E1: a practice round-trips with its hours, number state and settings", arguments: StoreKind.allCases)
    func practiceRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var practice = try StoreFixtures.practice("800-555-1000")
            practice.hours = try ConversationHours(timeZoneIdentifier: "America/Chicago",
                                                   weekly: [.monday: [try OpenInterval(parsing: "22:00-02:00")]])
            practice.number = .portRequested(try PhoneNumber(parsing: "312-555-0100"), carrier: "AT&T")
            let created = try await store.createPractice(practice)
            let loaded = try await store.practices()
            #expect(loaded == [created])
        }
    }

    @Test("C3: a status callback that arrives before the send is recorded is applied, not lost", arguments: StoreKind.allCases)
    func earlyDeliveryStatus(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let from = try PhoneNumber(parsing: "800-555-1000")
            let phone = try PhoneNumber(parsing: "312-555-4002")
            _ = try await store.commit(SessionBatch(practiceID: practice.id, phone: phone, messages: [MessageDraft(
                direction: .outbound, author: .reminder, body: "Checkup due", inConversation: false, sendFrom: from,
                createdAt: Date())]))
            let item = try #require(try await store.dueOutbox(now: Date(), perSender: 10, excluding: [], skipping: []).items.first)
            try await store.markSending(item)
            #expect(try await store.updateDelivery(carrierSID: "SMearly", state: .delivered, errorCode: nil) == nil)
            #expect(try await store.updateDelivery(carrierSID: "SMearly", state: .sent, errorCode: nil) == nil)
            try await store.recordSend(item, outcome: .accepted(carrierSID: "SMearly", state: .queued))
            let message = try await store.message(item.messageID)
            #expect(message?.deliveryState == .delivered)
            #expect(message?.carrierSID == "SMearly")
        }
    }
}
