import Logging
import NIOCore
import NIOPosix

/// The accept and drain skeleton the daemon's two HTTP listeners share (webhooks in
/// ``HTTPServer``, the staff API in ``StaffAPIService``): NIO's bootstrap with failed-accept
/// reporting, the connection cap, and the graceful drain.
enum GuardedListener {
    /// A bootstrap whose listening socket reports failed accepts to `acceptFailures` and whose
    /// connections have Nagle's algorithm off.
    static func bootstrap(backlog: Int32, acceptFailures: AcceptFailureHandler) -> ServerBootstrap {
        ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Accept in batches: a flood of connections drains from the kernel's queue sooner.
            .serverChannelOption(.maxMessagesPerRead, value: 32)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(acceptFailures) }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
    }

    /// Binds `bootstrap` to the adopted descriptor or the address of `endpoint`.
    ///
    /// An adopted socket keeps the backlog systemd gave it (the unit's `Backlog=`): NIO listens
    /// on an adopted socket again with its own default of 128, so the backlog read before is set
    /// back right after.
    static func bind<Connection: Sendable>(
        _ bootstrap: ServerBootstrap, to endpoint: HTTPServer.Endpoint,
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Connection>
    ) async throws -> NIOAsyncChannel<Connection, Never> {
        switch endpoint {
        case .adopted(let descriptor):
            let backlog = ListenBacklog.of(descriptor)
            let channel = try await bootstrap.bind(descriptor, childChannelInitializer: childChannelInitializer)
            if let backlog { ListenBacklog.restore(backlog, on: descriptor) }
            return channel
        case .address(let host, let port):
            return try await bootstrap.bind(host: host, port: port, childChannelInitializer: childChannelInitializer)
        }
    }

    /// Registers a just-accepted connection in `connections` under its cap (logging idle
    /// connections shed or the newcomer refused) and forgets it when it closes. Call first in the
    /// child initializer, before anything can fail, so the count never misses an open socket; a
    /// refused connection is closed already and its serve loop ends at once.
    static func admit(_ channel: any Channel, to connections: ConnectionRegistry, timeouts: HTTPServer.TimeoutLog) {
        if case .admitted(let shed) = connections.admit(channel) {
            if shed > 0 { timeouts.noteShed(shed, open: connections.count) }
        } else {
            timeouts.noteRefused(open: connections.count)
        }
        channel.closeFuture.whenComplete { _ in connections.remove(channel) }
    }

    /// Waits up to `grace` for the open connections to close, then closes the rest, logging
    /// how many with `event`.
    static func drain(_ connections: ConnectionRegistry, within grace: Duration, logger: Logger, event: String) async {
        let deadline = ContinuousClock.now.advanced(by: grace)
        while connections.count > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let remaining = connections.count
        if remaining > 0 {
            logger.warning("closing connections still busy after the grace period", metadata: [
                "event": "\(event)", "connections": "\(remaining)",
            ])
            connections.closeAll()
        }
    }
}
