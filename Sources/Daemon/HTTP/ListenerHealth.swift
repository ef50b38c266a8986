import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whether the daemon's listeners can accept connections, for the watchdog: a daemon that cannot
/// accept (every file descriptor in use) is as good as down, and withholding the watchdog ping
/// lets systemd restart it.
///
/// A listener reports a failed `accept` (``acceptFailed()``) and every success
/// (``accepted()``); the health is bad from the first failure until the next success.
public final class ListenerHealth: Sendable {
    private let failingSince = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    /// Records a failed `accept`.
    func acceptFailed(at now: ContinuousClock.Instant = .now) {
        failingSince.withLock { if $0 == nil { $0 = now } }
    }

    /// Records an accepted connection.
    func accepted() {
        failingSince.withLock { if $0 != nil { $0 = nil } }
    }

    /// Since when accepting has failed without a success in between; nil while healthy.
    public var acceptFailingSince: ContinuousClock.Instant? { failingSince.withLock { $0 } }
}

/// On a listening channel, in front of NIO's accept back-off: logs failed `accept` calls
/// (`EMFILE` when descriptors run out), at most 10 lines in 10 s, marks the listener unhealthy,
/// and gives descriptors back by closing the longest-idle connections.
final class AcceptFailureHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = any Channel

    let health: ListenerHealth
    let connections: ConnectionRegistry?
    let logger: Logger
    let listener: String
    let warnings = LogRateLimit(limit: 10, per: .seconds(10))

    init(health: ListenerHealth, connections: ConnectionRegistry?, logger: Logger, listener: String) {
        self.health = health
        self.connections = connections
        self.logger = logger
        self.listener = listener
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        health.accepted()
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        health.acceptFailed()
        // Descriptors ran out: idle keep-alive connections are the ones to give back.
        let shed = (error as? IOError).map { [EMFILE, ENFILE].contains($0.errnoCode) } == true
            ? connections?.shedIdle(16) ?? 0 : 0
        if let suppressed = warnings.admit() {
            var metadata: Logger.Metadata = [
                "event": "accept_failed", "listener": "\(listener)", "error": "\(error)",
                "idle_closed": "\(shed)",
            ]
            if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
            logger.error("cannot accept connections", metadata: metadata)
        }
        context.fireErrorCaught(error)
    }
}
