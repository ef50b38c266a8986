import Foundation
import Testing
import TextingCore
import TextingStore

/// Issue 11, defect 2 (D2): marking an outbox row as sending is a claim that succeeds once, so
/// no path sends a row twice while it is in flight.
@Suite("Store: an outbox row is claimed for sending at most once")
struct OutboxClaimTests {
    static let now = OutboxFairnessTests.now

    /// Queues `count` reminders from one sender in `store`; their rows as a read returns them.
    static func queued(_ count: Int, in store: any ConformingStore) async throws -> [OutboxItem] {
        try await OutboxFairnessTests.queue([count], in: store)
        let due = try await store.dueOutbox(now: now, perSender: 10, excluding: [], skipping: [])
        #expect(due.items.count == count)
        return due.items
    }

    @Test("D2: of two concurrent claims of one pending row exactly one succeeds, and the attempt counts once", arguments: StoreKind.allCases)
    func twoClaimsOneWinner(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let items = try await OutboxClaimTests.queued(1, in: store)
            let item = try #require(items.first)
            async let first = store.markSending(item)
            async let second = store.markSending(item)
            let claims = try await [first, second]
            #expect(claims.filter { $0 }.count == 1, "claims: \(claims)")

            // A third claim from the same (stale) read fails too; the row was attempted once.
            #expect(try await store.markSending(item) == false)
            try await store.recordSend(item, outcome: .retry(at: Self.now, error: "429"))
            let retried = try #require(try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
                .items.first)
            #expect(retried.attempts == 1)
        }
    }

    @Test("D2: a row already sent or failed cannot be claimed again", arguments: StoreKind.allCases)
    func finishedRowsCannotBeClaimed(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let items = try await OutboxClaimTests.queued(2, in: store)
            #expect(try await store.markSending(items[0]))
            try await store.recordSend(items[0], outcome: .accepted(carrierSID: "SMclaim0", state: .queued))
            #expect(try await store.markSending(items[1]))
            try await store.recordSend(items[1], outcome: .failed(code: 30007, error: "filtered"))
            #expect(try await store.markSending(items[0]) == false)
            #expect(try await store.markSending(items[1]) == false)
            #expect(try await store.message(items[0].messageID)?.carrierSID == "SMclaim0")
        }
    }

    @Test("D2: a claimed row is not returned by a read, though it still fills its sender's window", arguments: StoreKind.allCases)
    func claimedRowsAreNotRead(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let items = try await OutboxClaimTests.queued(3, in: store)
            #expect(try await store.markSending(items[0]))
            let window = try await store.dueOutbox(now: Self.now, perSender: 2, excluding: [], skipping: [])
            #expect(window.items.map(\.id) == [items[1].id])
            let all = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            #expect(all.items.map(\.id) == [items[1].id, items[2].id])
        }
    }

    @Test("D2: rows left sending by a stopped run (past any claim lease) are put back to pending once and can be claimed again",
          arguments: StoreKind.allCases)
    func interruptedSendsResume(kind: StoreKind) async throws {
        let clock = StoreClock()
        try await withStore(kind, clock: clock.function) { store in
            let items = try await OutboxClaimTests.queued(2, in: store)
            #expect(try await store.markSending(items[0]))
            // A store shared by several daemons gives the claim a lease; its daemon is gone once
            // the lease runs out. A store one process owns resumes at once.
            clock.advance(StoreClock.pastAnyLease)
            #expect(try await store.resumeInterruptedSends() == 1)
            #expect(try await store.resumeInterruptedSends() == 0)
            let due = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.map(\.id) == items.map(\.id))
            let resumed = try #require(due.items.first)
            #expect(resumed.attempts == 1)
            #expect(try await store.markSending(resumed))
        }
    }
}
