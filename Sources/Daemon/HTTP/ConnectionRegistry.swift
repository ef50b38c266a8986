import NIOCore
import NIOHTTP1
import Synchronization

/// The open HTTP connections of one ``HTTPServer``: how many there are, which of them are idle
/// and since when, so the server can stay under its connection cap and a graceful shutdown can
/// reach them all.
///
/// A connection is *idle* while it waits for the first byte of a request: just accepted, or
/// between requests on a keep-alive connection. When a new connection would take the count over
/// the cap, the connection idle the longest is closed to make room (it has nothing in flight, so
/// nothing is lost; a client reconnects). When none is idle the newcomer is closed instead: the
/// requests already in progress finish.
///
/// Quiescing a connection hands NIO's `HTTPServerPipelineHandler` a `ChannelShouldQuiesceEvent`:
/// an idle keep-alive connection is closed at once, a connection in the middle of a request
/// finishes it, answers with `Connection: close` and then closes.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// Which stretch of idleness this is (a count), nil while busy.
        var idleTurn: UInt64?
    }

    private struct State {
        var quiescing = false
        var channels: [ObjectIdentifier: Entry] = [:]
        /// Connections in the order they became idle, oldest first. Entries whose connection is
        /// gone or busy again (their turn no longer matches) are skipped when met.
        var idleOrder: [(key: ObjectIdentifier, turn: UInt64)] = []
        var idleHead = 0
        var nextTurn: UInt64 = 0

        mutating func makeIdle(_ key: ObjectIdentifier) {
            guard channels[key] != nil else { return }
            nextTurn += 1
            channels[key]?.idleTurn = nextTurn
            idleOrder.append((key, nextTurn))
        }

        /// Removes and returns the connection idle the longest, if any.
        mutating func takeLongestIdle() -> (any Channel)? {
            while idleHead < idleOrder.count {
                let candidate = idleOrder[idleHead]
                idleHead += 1
                if let entry = channels[candidate.key], entry.idleTurn == candidate.turn {
                    channels.removeValue(forKey: candidate.key)
                    compactIfSparse()
                    return entry.channel
                }
            }
            compactIfSparse()
            return nil
        }

        /// Drops consumed and stale entries once they make up most of the queue.
        mutating func compactIfSparse() {
            guard idleHead > 1_024, idleHead * 2 > idleOrder.count else { return }
            idleOrder.removeFirst(idleHead)
            idleHead = 0
        }
    }

    /// The most connections open at once; see ``admit(_:)``.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = .max) {
        self.limit = max(1, limit)
    }

    /// Number of connections open now.
    var count: Int { state.withLock { $0.channels.count } }

    /// Number of idle connections now.
    var idleCount: Int { state.withLock { $0.channels.values.count { $0.idleTurn != nil } } }

    /// What ``admit(_:)`` decided.
    enum Admission {
        /// The connection is registered; `shed` are idle connections closed to make room.
        case admitted(shed: Int)
        /// The server is full of busy connections: the new one was closed.
        case refused
    }

    /// Registers a new (idle) connection, closing the longest-idle connections first when the
    /// count would pass ``limit``; quiesces it at once when shutdown has already begun.
    func admit(_ channel: any Channel) -> Admission {
        let outcome = state.withLock { state -> (shed: [any Channel], refused: Bool, quiescing: Bool) in
            var shed: [any Channel] = []
            while state.channels.count >= limit {
                guard let oldest = state.takeLongestIdle() else {
                    // Put back what was taken: with every connection busy the newcomer goes.
                    for channel in shed {
                        state.channels[ObjectIdentifier(channel)] = Entry(channel: channel, idleTurn: nil)
                        state.makeIdle(ObjectIdentifier(channel))
                    }
                    return ([], true, state.quiescing)
                }
                shed.append(oldest)
            }
            let key = ObjectIdentifier(channel)
            state.channels[key] = Entry(channel: channel, idleTurn: nil)
            state.makeIdle(key)
            return (shed, false, state.quiescing)
        }
        if outcome.refused {
            channel.close(promise: nil)
            return .refused
        }
        for old in outcome.shed { old.close(promise: nil) }
        if outcome.quiescing { Self.quiesce(channel) }
        return .admitted(shed: outcome.shed.count)
    }

    /// Closes up to `count` of the longest-idle connections (to give descriptors back when
    /// accepting fails); returns how many it closed.
    @discardableResult
    func shedIdle(_ count: Int) -> Int {
        let shed = state.withLock { state -> [any Channel] in
            var shed: [any Channel] = []
            while shed.count < count, let oldest = state.takeLongestIdle() {
                shed.append(oldest)
            }
            return shed
        }
        for channel in shed { channel.close(promise: nil) }
        return shed.count
    }

    /// Records that `channel` started receiving a request (it can no longer be shed).
    func markBusy(_ channel: any Channel) {
        state.withLock { state in
            state.channels[ObjectIdentifier(channel)]?.idleTurn = nil
        }
    }

    /// Records that `channel` answered its last request and waits for another.
    func markIdle(_ channel: any Channel) {
        state.withLock { $0.makeIdle(ObjectIdentifier(channel)) }
    }

    /// Forgets a connection that has closed.
    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Asks every connection, and every one registered later, to finish and close. Only the
    /// first call acts: NIO's pipeline handler must see the quiesce event once per connection.
    func quiesceAll() {
        let channels = state.withLock { state -> [any Channel] in
            guard !state.quiescing else { return [] }
            state.quiescing = true
            return state.channels.values.map(\.channel)
        }
        for channel in channels { Self.quiesce(channel) }
    }

    /// Closes every connection still open, whatever it is doing.
    func closeAll() {
        let channels = state.withLock { $0.channels.values.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }

    private static func quiesce(_ channel: any Channel) {
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }
}
