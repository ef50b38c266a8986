import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// D2 and M1: the outbox shared by several daemons on one PostgreSQL database. Each test runs two
/// `PostgresStore`s (two daemons' pools) on a fresh database; rows are queued with SQL, as a
/// session's commit leaves them, so these tests need nothing but the outbox.
@Suite("PostgresStore: the outbox shared by several daemons")
struct OutboxTests {
    static let queuedAt = Date(timeIntervalSince1970: 1_796_223_600)
    static let now = queuedAt.addingTimeInterval(1)

    @Test("D2, M1: of concurrent claims of one row from two daemons exactly one wins; the message shows sending")
    func oneClaimWins() async throws {
        try await Self.withTwoDaemons { a, b, _ in
            let item = try #require(try await Self.queue(a, from: 0, count: 1).first)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<20 { group.addTask { try await (n.isMultiple(of: 2) ? a : b).markSending(item) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await Self.column(a, "SELECT state FROM outbox WHERE id = \(item.id)") == "sending")
            #expect(try await Self.count(a, "SELECT attempts FROM outbox WHERE id = \(item.id)") == 1)
            #expect(try await Self.column(a, "SELECT delivery_state FROM message WHERE id = \(item.messageID.rawValue)")
                == "sending")
            // A claimed row is neither due again nor claimable, for either daemon.
            #expect(try await b.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: []).items.isEmpty)
            #expect(try await b.markSending(item) == false)
        }
    }

    @Test("M1: another daemon's resume leaves a fresh claim alone and takes it back once the lease ran out")
    func leaseTakeover() async throws {
        try await Self.withTwoDaemons { a, b, time in
            let item = try #require(try await Self.queue(a, from: 0, count: 1).first)
            #expect(try await a.markSending(item))
            let lease = PostgresStore.seconds(PostgresStore.claimLease)

            time.set(Self.now.addingTimeInterval(lease - 1))
            #expect(try await b.resumeInterruptedSends() == 0)
            #expect(try await b.dueOutbox(now: time.now, perSender: 10, excluding: [], skipping: []).items.isEmpty)
            #expect(try await b.markSending(item) == false)
            // The lease's end is when the outbox should look again.
            #expect(try await b.dueOutbox(now: time.now, perSender: 10, excluding: [], skipping: []).nextAttemptAt
                == Self.now.addingTimeInterval(lease))

            time.set(Self.now.addingTimeInterval(lease))
            #expect(try await b.resumeInterruptedSends() == 1)
            let due = try await b.dueOutbox(now: time.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.map(\.id) == [item.id])
            #expect(try await b.markSending(item))
            #expect(try await Self.count(b, "SELECT attempts FROM outbox WHERE id = \(item.id)") == 2)
            // B's claim runs from B's claim time.
            #expect(try await a.resumeInterruptedSends() == 0)
        }
    }

    @Test("D2: recording a send clears the claim; a retry is due again at its time; a failure is kept")
    func recordingClearsTheClaim() async throws {
        try await Self.withTwoDaemons { a, b, _ in
            let items = try await Self.queue(a, from: 0, count: 3)
            for item in items { #expect(try await a.markSending(item)) }
            try await a.recordSend(items[0], outcome: .accepted(carrierSID: "SMsent0", state: .queued))
            try await a.recordSend(items[1], outcome: .retry(at: Self.now.addingTimeInterval(30), error: "429"))
            try await a.recordSend(items[2], outcome: .failed(code: 21211, error: "invalid\u{0} number"))
            #expect(try await Self.count(a, "SELECT COUNT(*) FROM outbox WHERE claimed_until IS NOT NULL") == 0)
            #expect(try await Self.column(a, "SELECT state FROM outbox WHERE id = \(items[0].id)") == "done")
            #expect(try await Self.column(a, "SELECT outbound_sid FROM message WHERE id = \(items[0].messageID.rawValue)")
                == "SMsent0")
            #expect(try await Self.column(a, "SELECT delivery_state FROM message WHERE id = \(items[2].messageID.rawValue)")
                == "failed")
            // The carrier's text is kept readable, U+0000 replaced.
            #expect(try await Self.column(a, "SELECT last_error FROM outbox WHERE id = \(items[2].id)")
                == "invalid\u{FFFD} number")
            #expect(try await a.outboxDepth() == 1)
            let due = try await b.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.isEmpty && due.nextAttemptAt == Self.now.addingTimeInterval(30))
            #expect(try await b.dueOutbox(now: Self.now.addingTimeInterval(30), perSender: 10, excluding: [], skipping: [])
                .items.map(\.id) == [items[1].id])
            #expect(try await b.oldestDueOutboxAge(now: Self.now.addingTimeInterval(40)) == 10)
        }
    }

    @Test("C3: statuses move forward only; one reported before the send's answer is kept and applied by it")
    func deliveryStatuses() async throws {
        try await Self.withTwoDaemons { a, b, _ in
            let items = try await Self.queue(a, from: 0, count: 1)
            #expect(try await a.markSending(items[0]))
            // The callback races the send's answer: kept, then applied when the answer is recorded.
            #expect(try await b.updateDelivery(carrierSID: "SMearly", state: .sent, errorCode: nil) == nil)
            #expect(try await b.updateDelivery(carrierSID: "SMearly", state: .delivered, errorCode: nil) == nil)
            #expect(try await b.updateDelivery(carrierSID: "SMearly", state: .sent, errorCode: nil) == nil)
            try await a.recordSend(items[0], outcome: .accepted(carrierSID: "SMearly", state: .queued))
            #expect(try await Self.column(a, "SELECT delivery_state FROM message WHERE id = \(items[0].messageID.rawValue)")
                == "delivered")
            #expect(try await Self.count(a, "SELECT COUNT(*) FROM early_delivery_status") == 0)
            // Backwards is refused; a carrier id with U+0000 is refused whole.
            #expect(try await b.updateDelivery(carrierSID: "SMearly", state: .sent, errorCode: nil) == nil)
            await #expect(throws: TextingError.self) {
                _ = try await b.updateDelivery(carrierSID: "SM\u{0}x", state: .sent, errorCode: nil)
            }
        }
    }

    @Test("C3, M1: a status callback on one daemon racing the send's answer on another is never lost")
    func statusRacingTheAnswer() async throws {
        try await Self.withTwoDaemons { a, b, _ in
            let items = try await Self.queue(a, from: 0, count: 20)
            for item in items { #expect(try await a.markSending(item)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, item) in items.enumerated() {
                    group.addTask { try await a.recordSend(item, outcome: .accepted(carrierSID: "SMrace\(n)", state: .queued)) }
                    group.addTask { _ = try await b.updateDelivery(carrierSID: "SMrace\(n)", state: .delivered, errorCode: nil) }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.count(a, "SELECT COUNT(*) FROM message WHERE delivery_state = 'delivered'") == 20)
            #expect(try await Self.count(a, "SELECT COUNT(*) FROM early_delivery_status") == 0)
        }
    }

    // MARK: Fairness over sender numbers, as the SQLite store's (OutboxFairnessTests)

    @Test("D2: 1,000 rows of one number queued before one row each of 25 others: one read has rows of all 26")
    func oneBacklogDoesNotFillTheRead() async throws {
        try await Self.withTwoDaemons { a, _, _ in
            var queued: [Int: [OutboxItem]] = [:]
            queued[0] = try await Self.queue(a, from: 0, count: 1000)
            for n in 1..<26 { queued[n] = try await Self.queue(a, from: n, count: 1) }
            let due = try await a.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            let bySender = Dictionary(grouping: due.items, by: \.from)
            #expect(Set(bySender.keys) == Set(try (0..<26).map(Self.sender)))
            #expect(bySender[try Self.sender(0)]?.map(\.id) == queued[0]?.prefix(10).map(\.id))
            for n in 1..<26 { #expect(bySender[try Self.sender(n)]?.map(\.id) == queued[n]?.map(\.id)) }
            #expect(due.items.count == 35)
            #expect(due.nextAttemptAt == nil)
        }
    }

    @Test("D2: held and sending rows count against the number's window and are not returned")
    func heldRowsFillTheWindow() async throws {
        try await Self.withTwoDaemons { a, b, _ in
            let first = try await Self.queue(a, from: 0, count: 30)
            let other = try await Self.queue(a, from: 1, count: 3)
            let due = try await a.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [])
            #expect(due.items.map(\.id).sorted() == (first.prefix(10) + other).map(\.id).sorted())
            let held = Set(due.items.map(\.id))
            #expect(try await a.dueOutbox(now: Self.now, perSender: 10, excluding: held, skipping: []).items.isEmpty)
            // Daemon B claimed four of them: they still fill A's window while being sent...
            for item in first.prefix(4) { #expect(try await b.markSending(item)) }
            let stillHeld = held.subtracting(first.prefix(4).map(\.id))
            #expect(try await a.dueOutbox(now: Self.now, perSender: 10, excluding: stillHeld, skipping: []).items.isEmpty)
            // ...and once sent, the next four come, in order.
            for (n, item) in first.prefix(4).enumerated() {
                try await b.recordSend(item, outcome: .accepted(carrierSID: "SMdone\(n)", state: .queued))
            }
            let next = try await a.dueOutbox(now: Self.now, perSender: 10, excluding: stillHeld, skipping: [])
            #expect(next.items.map(\.id) == first[10..<14].map(\.id))
        }
    }

    @Test("D2: a skipped number's rows are left out; the other numbers' are not")
    func skippedNumbers() async throws {
        try await Self.withTwoDaemons { a, _, _ in
            for n in 0..<3 { _ = try await Self.queue(a, from: n, count: 5) }
            let due = try await a.dueOutbox(now: Self.now, perSender: 10, excluding: [], skipping: [try Self.sender(1)])
            #expect(Set(due.items.map(\.from)) == [try Self.sender(0), try Self.sender(2)])
            #expect(due.items.count == 10)
        }
    }

    @Test("D2: the per-number read seeks the outbox_by_sender index instead of scanning the outbox")
    func perNumberReadUsesTheIndex() async throws {
        try await Self.withTwoDaemons { a, _, _ in
            for n in 0..<3 { _ = try await Self.queue(a, from: n, count: 200) }
            try await a.client.query("ANALYZE outbox", logger: a.logger)
            // Small tables are cheaper to scan: the planner is told not to, to see which index it can seek.
            let plan = try await a.client.withConnection { connection in
                try await connection.query("SET enable_seqscan = off", logger: a.logger)
                var plan: [String] = []
                var explained = PostgresStore.dueOutboxQuery(at: Self.now.timeIntervalSince1970, perSender: 10,
                                                             skipped: [], held: [])
                explained.sql = "EXPLAIN " + explained.sql
                for try await line in try await connection.query(explained, logger: a.logger).decode(String.self) {
                    plan.append(line)
                }
                return plan
            }
            #expect(plan.contains { $0.contains("outbox_by_sender") }, "\(plan.joined(separator: "\n"))")
        }
    }

    // MARK: Support

    /// Toll-free sender number `n` (0...99): +1 800 555 10nn.
    static func sender(_ n: Int) throws -> PhoneNumber {
        try PhoneNumber(parsing: "800-555-" + String(1000 + n))
    }

    /// Queues `count` outbound texts from sender `n` (practice `n + 1`) as a commit leaves them:
    /// a queued message and a pending outbox row each, due at ``queuedAt``. Returns them in order.
    static func queue(_ store: PostgresStore, from n: Int, count: Int) async throws -> [OutboxItem] {
        let from = try sender(n).e164
        let to = try PhoneNumber(parsing: "312-555-" + String(3000 + n)).e164
        let at = queuedAt.timeIntervalSince1970
        var items: [OutboxItem] = []
        for try await row in try await store.client.query("""
            WITH texts AS (
                INSERT INTO message (practice_id, phone, practice_number, direction, channel, author, body, routed,
                    delivery_state, created_at)
                SELECT \(Int64(n + 1)), \(to), \(from), 'outbound', 'text', 'reminder', 'Reminder ' || k || ' from ' || \(Int64(n)),
                    1, 'queued', \(at)
                FROM generate_series(0, \(Int64(count - 1))) AS k
                RETURNING id, body)
            INSERT INTO outbox (message_id, practice_id, from_number, to_number, body, state, next_attempt_at, created_at)
            SELECT id, \(Int64(n + 1)), \(from), \(to), body, 'pending', \(at), \(at) FROM texts ORDER BY id
            RETURNING *
            """, logger: store.logger) {
            items.append(try PostgresStore.outboxItem(from: row))
        }
        return items.sorted { $0.id < $1.id }
    }

    /// The one text value `sql` returns.
    static func column(_ store: PostgresStore, _ sql: PostgresQuery) async throws -> String? {
        try await store.client.query(sql, logger: store.logger).single(String?.self)
    }

    /// The one number `sql` returns.
    static func count(_ store: PostgresStore, _ sql: PostgresQuery) async throws -> Int64 {
        try await store.client.query(sql, logger: store.logger).single(Int64.self)
    }

    /// Runs `body` with two daemons' stores on one fresh, migrated database, both on `time`'s clock.
    static func withTwoDaemons(_ body: (PostgresStore, PostgresStore, TestTime) async throws -> Void) async throws {
        let time = TestTime(now)
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore(clock: { time.now }) { a in
                try await a.migrate()
                try await database.withStore(clock: { time.now }) { b in
                    try await body(a, b, time)
                }
            }
        }
    }
}

/// A clock the test sets.
final class TestTime: Sendable {
    private let value: Mutex<Date>

    init(_ start: Date) { value = Mutex(start) }

    var now: Date { value.withLock { $0 } }

    func set(_ date: Date) { value.withLock { $0 = date } }
}
