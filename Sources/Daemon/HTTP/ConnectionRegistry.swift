import NIOCore
import NIOHTTP1
import Synchronization

/// The open HTTP connections of one ``HTTPServer``, so a graceful shutdown can reach them.
///
/// Quiescing a connection hands NIO's `HTTPServerPipelineHandler` a `ChannelShouldQuiesceEvent`:
/// an idle keep-alive connection is closed at once, a connection in the middle of a request
/// finishes it, answers with `Connection: close` and then closes.
final class ConnectionRegistry: Sendable {
    private struct State {
        var quiescing = false
        var channels: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Number of connections open now.
    var count: Int { state.withLock { $0.channels.count } }

    /// Adds a new connection; quiesces it at once when shutdown has already begun.
    func register(_ channel: any Channel) {
        let quiescing = state.withLock { state in
            state.channels[ObjectIdentifier(channel)] = channel
            return state.quiescing
        }
        if quiescing { Self.quiesce(channel) }
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
            return Array(state.channels.values)
        }
        for channel in channels { Self.quiesce(channel) }
    }

    /// Closes every connection still open, whatever it is doing.
    func closeAll() {
        let channels = state.withLock { Array($0.channels.values) }
        for channel in channels { channel.close(promise: nil) }
    }

    private static func quiesce(_ channel: any Channel) {
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }
}
