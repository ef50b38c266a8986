import Foundation
import Testing
import TextingCore
import TextingStore

/// D2 and issue 7: one read of the outbox serves every sender number, however the rows were
/// queued.
@Suite("Store: outbox reads are fair over sender numbers")
struct OutboxFairnessTests {
    static let queuedAt = Date(timeIntervalSince1970: 1_796_223_600)
    static let now = queuedAt.addingTimeInterval(1)

    /// Toll-free sender number `n` (0...99): +1 800 555 10nn.
    static func sender(_ n: Int) throws -> PhoneNumber {
        try PhoneNumber(parsing: "800-555-" + String(1000 + n))
    }

    /// Queues in `store` `counts[i]` texts from sender `i`, sender after sender (each
    /// sender's practice queues its batch at once, as reminders are).
    static func queue(_ counts: [Int], in store: any ConformingStore) async throws {
        for (index, count) in counts.enumerated() {
            var practice = try StoreFixtures.practice("800-555-" + String(1000 + index))
            practice.name = "Practice \(index)"
            let created = try await store.createPractice(practice)
            let from = try sender(index)
            let client = try PhoneNumber(parsing: "312-555-" + String(3000 + index))
            let drafts = (0..<count).map { n in
                MessageDraft(direction: .outbound, author: .reminder, body: "Reminder \(n) from \(index)",
                             inConversation: false, sendFrom: from, createdAt: queuedAt)
            }
            _ = try await store.commit(SessionBatch(practiceID: created.id, phone: client, messages: drafts))
        }
    }

    @Test("1,000 rows of one number queued before one row each of 25 others: one read has rows of all 26", arguments: StoreKind.allCases)
    func oneBacklogDoesNotFillTheRead(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.queue([1000] + Array(repeating: 1, count: 25), in: store)
            let due = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])

            let bySender = Dictionary(grouping: due.items, by: \.from)
            #expect(Set(bySender.keys) == Set(try (0..<26).map(Self.sender)))
            #expect(bySender[try Self.sender(0)]?.count == 10)
            for n in 1..<26 { #expect(bySender[try Self.sender(n)]?.map(\.body) == ["Reminder 0 from \(n)"]) }
            // The backlog's first ten, in the order they were queued.
            #expect(bySender[try Self.sender(0)]?.map(\.body) == (0..<10).map { "Reminder \($0) from 0" })
            #expect(due.items.count == 35)
            #expect(due.nextAttemptAt == nil)
        }
    }

    @Test("rows the caller holds count against the number's window and are not returned again", arguments: StoreKind.allCases)
    func heldRowsFillTheWindow(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.queue([30, 3], in: store)
            let first = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            let a = try Self.sender(0), b = try Self.sender(1)
            #expect(first.items.filter { $0.from == a }.count == 10)
            #expect(first.items.filter { $0.from == b }.count == 3)

            // Holding all it got, the caller gets nothing more: its window of each number is full
            // (for `a`) or the number has nothing else due (for `b`).
            let held = Set(first.items.map(\.id))
            #expect(try await store.dueOutbox(now: Self.now, perSender: 10, excluding: held, skipping: []).items.isEmpty)

            // Once four of `a`'s rows are done, the next read brings the next four, in order.
            let done = first.items.filter { $0.from == a }.prefix(4)
            for (n, item) in done.enumerated() {
                try await store.markSending(item)
                try await store.recordSend(item, outcome: .accepted(carrierSID: "SMdone\(n)", state: .queued))
            }
            let stillHeld = held.subtracting(done.map(\.id))
            let next = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: stillHeld, skipping: [])
            #expect(next.items.map(\.body) == (10..<14).map { "Reminder \($0) from 0" })
        }
    }

    @Test("a skipped number's rows are left out; the other numbers' are not", arguments: StoreKind.allCases)
    func skippedNumbers(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.queue([5, 5, 5], in: store)
            let due = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [try Self.sender(1)])
            #expect(Set(due.items.map(\.from)) == [try Self.sender(0), try Self.sender(2)])
            #expect(due.items.count == 10)
        }
    }

    @Test("a row waiting for a retry is not due, and the read says when it will be", arguments: StoreKind.allCases)
    func retryIsReportedAsNextAttempt(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await Self.queue([2], in: store)
            let first = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            let retried = try #require(first.items.first)
            let retryAt = Self.now.addingTimeInterval(60)
            try await store.markSending(retried)
            try await store.recordSend(retried, outcome: .retry(at: retryAt, error: "429"))

            let later = try await store.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            #expect(later.items.map(\.id) == first.items.dropFirst().map(\.id))
            #expect(later.nextAttemptAt == retryAt)
            let atRetry = try await store.dueOutbox(now: retryAt, perSender: 10, excluding: [], skipping: [])
            #expect(atRetry.items.map(\.id) == first.items.dropFirst().map(\.id) + [retried.id])
            #expect(atRetry.nextAttemptAt == nil)
        }
    }

}
