import Foundation
import Logging
import Synchronization
import Testing
import Routing
import TextingCore
import TextingStore
import TextingStoreTestKit
@testable import Daemon

/// Broadcasts between stores in one process, as PostgreSQL's NOTIFY between daemons.
final class BroadcastBus: Sendable {
    private let listeners = Mutex<[AsyncStream<String>.Continuation]>([])

    func send(_ payload: String) {
        for listener in listeners.withLock({ $0 }) { listener.yield(payload) }
    }

    func listen() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        listeners.withLock { $0.append(continuation) }
        return stream
    }
}

final class BusStore: ForwardingStore {
    let base: any MessageStore
    let bus: BroadcastBus
    init(base: any MessageStore, bus: BroadcastBus) {
        self.base = base
        self.bus = bus
    }
    func broadcast(_ payload: String) async throws { bus.send(payload) }
    func receiveBroadcasts(_ receive: @escaping @Sendable (String) async -> Void) async throws {
        for await payload in bus.listen() { await receive(payload) }
    }
}

@Suite("Live changes reach the staff pages of every daemon sharing the store (M1, W3)")
struct ChangeRelayTests {
    @Test("a change published on one daemon's feed reaches the other's readers once, and not its own twice")
    func relayed() async throws {
        let harness = try await WebhookHarness.make()
        let bus = BroadcastBus()
        let first = ChangeFeed(), second = ChangeFeed()
        let practice = harness.practice.id
        let onFirst = first.subscribe(practice: practice, after: nil)
        let onSecond = second.subscribe(practice: practice, after: nil)
        defer { onFirst.end(); onSecond.end() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for feed in [first, second] {
                let service = ChangeRelayService(store: BusStore(base: harness.store, bus: bus), feed: feed,
                                                 logger: harness.logs.logger())
                group.addTask { try await service.run() }
            }
            // Both listen before anything is published (the relay is at-most-once by design).
            try await Task.sleep(for: .milliseconds(200))
            let change = Change(.messageCreated, practice: practice, conversation: ConversationID(7), message: MessageID(9),
                                direction: .inbound)
            first.publish([change])
            let received = try await Self.events(onSecond, count: 1)
            #expect(received == [change])
            // The first daemon's own readers got it once, from its own feed.
            let own = try await Self.events(onFirst, count: 1)
            #expect(own == [change])
            try await Task.sleep(for: .milliseconds(200))
            #expect(first.readerCount == 1)
            group.cancelAll()
        }
        let late = try await Self.events(onFirst, count: 0, within: .milliseconds(100))
        #expect(late.isEmpty)
    }

    /// The next `count` changes the subscription delivers (ticks skipped), waiting at most `within`.
    static func events(_ subscription: ChangeFeed.Subscription, count: Int, within: Duration = .seconds(5)) async throws
        -> [Change] {
        try await withThrowingTaskGroup(of: [Change].self) { group in
            group.addTask {
                var changes: [Change] = []
                while changes.count < count {
                    for delivery in await subscription.next() {
                        if case .event(let event) = delivery { changes.append(event.change) }
                    }
                }
                return changes
            }
            group.addTask {
                try await Task.sleep(for: within)
                return []
            }
            let first = try await group.next() ?? []
            group.cancelAll()
            return first
        }
    }
}
