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

/// What a subscription delivered so far, collected by a task of its own (a reader's `next()`
/// is not cancelled midway: that ends the reader).
final class Collected: Sendable {
    let changes = Mutex<[Change]>([])

    func collect(_ subscription: ChangeFeed.Subscription) async {
        while true {
            let deliveries = await subscription.next()
            if deliveries.isEmpty { return }  // the reader ended
            let events = deliveries.compactMap { delivery -> Change? in
                if case .event(let event) = delivery { return event.change }
                return nil
            }
            changes.withLock { $0 += events }
        }
    }

    var all: [Change] { changes.withLock { $0 } }
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
        let ownSeen = Collected(), relayedSeen = Collected()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for feed in [first, second] {
                let service = ChangeRelayService(store: BusStore(base: harness.store, bus: bus), feed: feed,
                                                 logger: harness.logs.logger())
                group.addTask { try await service.run() }
            }
            group.addTask { await ownSeen.collect(onFirst) }
            group.addTask { await relayedSeen.collect(onSecond) }
            // The relay is at-most-once and a service listens only once it runs: publish until the
            // other daemon's readers hear one (bounded), then check what each side got.
            var published: [Change] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while relayedSeen.all.isEmpty, ContinuousClock.now < deadline {
                let change = Change(.messageCreated, practice: practice, conversation: ConversationID(7),
                                    message: MessageID(Int64(published.count + 1)), direction: .inbound)
                first.publish([change])
                published.append(change)
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .milliseconds(500))
            let relayed = relayedSeen.all
            #expect(!relayed.isEmpty)
            // Each relayed change is one the first daemon published, once, in order.
            #expect(relayed == Array(published.suffix(relayed.count)))
            // The first daemon's own readers got each of its changes once, from its own feed:
            // nothing came back to it through the relay.
            #expect(ownSeen.all == published)
            onFirst.end()
            onSecond.end()
            group.cancelAll()
        }
    }
}
