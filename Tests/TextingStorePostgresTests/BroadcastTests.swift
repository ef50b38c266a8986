import Foundation
import PostgresTestSupport
import Synchronization
import Testing
import TextingCore
import TextingStorePostgres

/// What a listener heard.
final class Received: Sendable {
    let items = Mutex<[String]>([])
}

@Suite("Broadcasts between daemons through PostgreSQL's NOTIFY (M1, W3)")
struct BroadcastTests {
    @Test("a payload one daemon broadcasts reaches a listening daemon, in order; U+0000 and oversize are refused")
    func broadcastReachesTheOtherDaemon() async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore { first in
                try await database.withStore { second in
                    let received = Received()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try await second.receiveBroadcasts { payload in received.items.withLock { $0.append(payload) } }
                        }
                        // LISTEN is issued when the listener gets its connection: send until it hears.
                        var sent = 0
                        let deadline = ContinuousClock.now + .seconds(10)
                        while received.items.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
                            try await first.broadcast("hello \(sent)")
                            sent += 1
                            try await Task.sleep(for: .milliseconds(50))
                        }
                        for index in 0..<5 { try await first.broadcast("ordered \(index)") }
                        while received.items.withLock({ $0.filter { $0.hasPrefix("ordered") }.count < 5 }),
                              ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        group.cancelAll()
                    }
                    #expect(received.items.withLock { $0.filter { $0.hasPrefix("ordered") } } == (0..<5).map { "ordered \($0)" })
                    await #expect(throws: TextingError.self) { try await first.broadcast("nul \u{0}") }
                    await #expect(throws: TextingError.self) { try await first.broadcast(String(repeating: "x", count: 7_001)) }
                }
            }
        }
    }
}
