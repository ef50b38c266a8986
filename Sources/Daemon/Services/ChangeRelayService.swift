import Foundation
import Logging
import Routing
import ServiceLifecycle
import Synchronization
import TextingStore

/// Carries the live changes staff pages follow (W3) between the daemons sharing the store (M1):
/// what this daemon's feed publishes is broadcast through the store, and what the others
/// broadcast is published to this daemon's readers. So a text stored by one daemon shows at once
/// in an inbox connected to another. At-most-once, like the feed itself: a change lost while
/// the connection was down shows at the page's next read, as after any `reset`.
struct ChangeRelayService: Service {
    let store: any MessageStore
    let feed: ChangeFeed
    let logger: Logger
    /// This process, so its own broadcasts are not published twice.
    let origin = UUID().uuidString
    /// One line a minute at most when the database is away.
    let failures = LogRateLimit(limit: 1, per: .seconds(60))

    /// What crosses the wire.
    struct Broadcast: Codable {
        var origin: String
        var changes: [Change]
    }

    func run() async throws {
        let pending = Pending()
        feed.setRelay { changes in pending.add(changes) }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await send(pending) }
                group.addTask { await receive() }
                await group.waitForAll()
            }
        }
    }

    /// Changes waiting to be broadcast, and the signal that there are some.
    final class Pending: Sendable {
        private let changes = Mutex<[Change]>([])
        let signal: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() {
            (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }

        func add(_ new: [Change]) {
            let dropped = changes.withLock { changes -> Bool in
                // A database that is away must not make the relay hold the daemon's memory.
                guard changes.count < 100_000 else { return true }
                changes += new
                return false
            }
            if !dropped { continuation.yield() }
        }

        func take() -> [Change] { changes.withLock { changes in defer { changes = [] }; return changes } }
    }

    /// Broadcasts what is pending, as few notifications as fit, whenever there is some.
    private func send(_ pending: Pending) async {
        let encoder = JSONEncoder()
        for await _ in pending.signal {
            var batch = pending.take()
            while !batch.isEmpty {
                // About 80 bytes a change: 60 fit well under PostgreSQL's 8,000-byte payload.
                let part = Array(batch.prefix(60))
                batch.removeFirst(part.count)
                do {
                    let payload = String(decoding: try encoder.encode(Broadcast(origin: origin, changes: part)), as: UTF8.self)
                    try await store.broadcast(payload)
                } catch {
                    failures.log(.warning, "live changes not sent to the other daemons", metadata: [
                        "event": "change_relay_failed", "error": "\(error)",
                    ], to: logger)
                }
            }
        }
    }

    /// Publishes the other daemons' broadcasts here; listens again a second after a failure.
    private func receive() async {
        let decoder = JSONDecoder()
        while !Task.isCancelled {
            do {
                try await store.receiveBroadcasts { payload in
                    guard let broadcast = try? decoder.decode(Broadcast.self, from: Data(payload.utf8)),
                          broadcast.origin != origin
                    else { return }
                    feed.publishRelayed(broadcast.changes)
                }
            } catch {
                failures.log(.warning, "live changes of the other daemons not received; listening again", metadata: [
                    "event": "change_relay_failed", "error": "\(error)",
                ], to: logger)
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
