import Foundation
import Logging
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// D2 across daemons (M1): a sender number's pacing is booked in the database, so every daemon
/// together sends at the number's rate; and the reachability check a balancer relies on.
@Suite("PostgresStore: sender pacing across daemons and reachability")
struct SendPacingTests {
    static let now = Date(timeIntervalSince1970: 1_796_223_600)

    @Test("D2: 20 slots of 1/3 s booked at once from two daemons follow each other 1/3 s apart, none overlapping")
    func slotsFromTwoDaemons() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            let sender = try OutboxTests.sender(0)
            let third = Duration.seconds(1) / 3
            let starts = try await withThrowingTaskGroup(of: Date?.self) { group in
                for n in 0..<20 {
                    group.addTask { try await (n.isMultiple(of: 2) ? a : b).reserveSendSlot(sender: sender, duration: third, now: Self.now) }
                }
                return try await group.reduce(into: [Date]()) { if let start = $1 { $0.append(start) } }
            }.sorted()
            #expect(starts.count == 20)
            #expect(starts.first == Self.now)
            // Seconds since 1970 near 1.8e9 are exact to about 0.2 µs; 20 additions stay within 10 µs.
            for (n, start) in starts.enumerated() {
                #expect(abs(start.timeIntervalSince(Self.now) - Double(n) / 3) < 1e-5, "slot \(n) starts at \(start)")
            }
            for (earlier, later) in zip(starts, starts.dropFirst()) {
                #expect(later.timeIntervalSince(earlier) > 1.0 / 3 - 1e-6, "slots overlap: \(earlier) and \(later)")
            }
            // 20 texts take 20/3 s in total, not 10/3 s per daemon: the next booking starts after them.
            let next = try #require(try await a.reserveSendSlot(sender: sender, duration: third, now: Self.now))
            #expect(abs(next.timeIntervalSince(Self.now) - 20.0 / 3) < 1e-5)
        }
    }

    @Test("D2: each sender number has its own lane; a lane idle since earlier starts now")
    func lanesAreIndependent() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            let first = try OutboxTests.sender(0), second = try OutboxTests.sender(1)
            let segment = Duration.seconds(1) / 3
            #expect(try await a.reserveSendSlot(sender: first, duration: segment * 3, now: Self.now) == Self.now)
            #expect(try await b.reserveSendSlot(sender: second, duration: segment, now: Self.now) == Self.now)
            let busy = try #require(try await b.reserveSendSlot(sender: first, duration: segment, now: Self.now))
            #expect(abs(busy.timeIntervalSince(Self.now) - 1) < 1e-5)
            let later = Self.now.addingTimeInterval(60)
            #expect(try await a.reserveSendSlot(sender: first, duration: segment, now: later) == later)
        }
    }

    @Test("M1: a reachable database answers; one that is down is reported within seconds")
    func reachability() async throws {
        try await PostgresTestDatabase.withFreshStore { store in
            try await store.checkReachable()
        }
        // Nothing listens on port 1 (tcpmux, long retired): the pool keeps trying to connect while
        // the check gives up.
        var quiet = Logger(label: "test-unreachable")
        quiet.logLevel = .critical
        let down = PostgresStore(configuration: try .init(url: "postgres://postgres@127.0.0.1:1/twowayd?sslmode=disable"),
                                 logger: quiet)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await down.run() }
            defer { group.cancelAll() }
            let started = ContinuousClock.now
            await #expect(throws: (any Error).self) { try await down.checkReachable() }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
