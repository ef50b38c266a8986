import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStoreSQLite

@Suite("SQLiteStore: durability, group commit, constraints")
struct SQLiteStoreTests {
    static func temporaryStore() throws -> (SQLiteStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("twowayd.sqlite").path
        return (try SQLiteStore(path: path), path)
    }

    static func practice(_ number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: "Test Vet", country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }

    @Test("D1: WAL and synchronous=FULL are in force on every connection")
    func durablePragmas() async throws {
        let (store, _) = try Self.temporaryStore()
        let (mode, sync) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
    }

    @Test("Commits checkpoint the WAL every 250 pages, not SQLite's 1,000 (short in-commit waits, p99)")
    func smallCheckpoints() async throws {
        let (store, _) = try Self.temporaryStore()
        let pages = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(pages == 250)
        #expect(SQLiteStore.checkpointPages == 250)
    }

    @Test("Concurrent writers share commits and every write is stored")
    func groupCommit() async throws {
        let (store, path) = try Self.temporaryStore()
        let practice = try await store.createPractice(try Self.practice("800-555-1000"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<500 {
                group.addTask {
                    let phone = PhoneNumber(e164: "+1312555" + String(format: "%04d", 3000 + i))!  // valid Chicago numbers
                    let batch = SessionBatch(practiceID: practice.id, phone: phone, messages: [MessageDraft(
                        direction: .inbound, author: .client, body: "m\(i)", carrierSID: "SMg\(i)", inConversation: false,
                        createdAt: Date())])
                    _ = try await store.commit(batch)
                }
            }
            try await group.waitForAll()
        }
        let reopened = try SQLiteStore(path: path)
        let count = try await reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") }
        #expect(count == 500)
        #expect(try await reopened.integrityCheck() == ["ok"])
    }

    @Test("A failing batch is rolled back alone; the others of its commit are kept")
    func failingBatchIsolated() async throws {
        let (store, _) = try Self.temporaryStore()
        let practice = try await store.createPractice(try Self.practice("800-555-1000"))
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

    @Test("R6: an orphan with a known MessageSid is not stored twice")
    func orphanDuplicate() async throws {
        let (store, _) = try Self.temporaryStore()
        let draft = MessageDraft(direction: .inbound, author: .client, body: "x", carrierSID: "SMo", routed: false,
                                 inConversation: false, createdAt: Date())
        let from = try PhoneNumber(parsing: "312-555-4001")
        let to = try PhoneNumber(parsing: "888-555-0123")
        #expect(try await store.storeOrphan(draft, phone: from, practiceNumber: to))
        #expect(try await !store.storeOrphan(draft, phone: from, practiceNumber: to))
        #expect(try await store.messagesOutsideConversations(practice: nil).count == 1)
    }

    @Test("E2: a texting number belongs to at most one practice")
    func numberUnique() async throws {
        let (store, _) = try Self.temporaryStore()
        _ = try await store.createPractice(try Self.practice("800-555-1000"))
        var second = try await store.createPractice(try Self.practice("800-555-1001"))
        second.number = .assigned(try PhoneNumber(parsing: "800-555-1000"))
        await #expect(throws: TextingError.self) { try await store.updatePractice(second) }
    }

    @Test("E1: a practice round-trips with its hours, number state and settings")
    func practiceRoundTrip() async throws {
        let (store, path) = try Self.temporaryStore()
        var practice = try Self.practice("800-555-1000")
        practice.hours = try ConversationHours(timeZoneIdentifier: "America/Chicago",
                                               weekly: [.monday: [try OpenInterval(parsing: "22:00-02:00")]])
        practice.number = .portRequested(try PhoneNumber(parsing: "312-555-0100"), carrier: "AT&T")
        let created = try await store.createPractice(practice)
        let loaded = try await SQLiteStore(path: path).practices()
        #expect(loaded == [created])
    }

    @Test("C3: a status callback that arrives before the send is recorded is applied, not lost")
    func earlyDeliveryStatus() async throws {
        let (store, _) = try Self.temporaryStore()
        let practice = try await store.createPractice(try Self.practice("800-555-1000"))
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
