import Testing
import TextingCore
import TextingStore

/// Issue 11, defect 3: what the carrier answers for a send is recorded even when it holds U+0000
/// (replaced by U+FFFD), because refusing it would leave an accepted message unrecorded and the
/// outbox would send it again (D1, D2).
@Suite("Store: the carrier's answer to a send is always recorded")
struct CarrierAnswerTextTests {
    @Test("D2: an accepted send whose carrier id holds NUL is recorded, not sent again", arguments: StoreKind.allCases)
    func acceptedWithNUL(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let items = try await OutboxClaimTests.queued(1, in: store)
            let item = try #require(items.first)
            #expect(try await store.markSending(item))
            try await store.recordSend(item, outcome: .accepted(carrierSID: "SMab\u{0}cd", state: .queued))
            #expect(try await store.message(item.messageID)?.carrierSID == "SMab\u{FFFD}cd")
            #expect(try await store.markSending(item) == false)
            let due = try await store.dueOutbox(now: OutboxClaimTests.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.isEmpty)
        }
    }

    @Test("D2: a failure whose error text holds NUL is recorded as failed", arguments: StoreKind.allCases)
    func failedWithNUL(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let items = try await OutboxClaimTests.queued(2, in: store)
            #expect(try await store.markSending(items[0]))
            try await store.recordSend(items[0], outcome: .failed(code: 30007, error: "filtered\u{0}by carrier"))
            #expect(try await store.message(items[0].messageID)?.deliveryState == .failed)
            #expect(try await store.markSending(items[1]))
            try await store.recordSend(items[1], outcome: .retry(at: OutboxClaimTests.now, error: "busy\u{0}"))
            let due = try await store.dueOutbox(now: OutboxClaimTests.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.map(\.id) == [items[1].id])
        }
    }
}
