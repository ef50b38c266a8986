import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import StaffAPI

/// The staff API's own listener (default `127.0.0.1:8081`, or systemd's socket named `api`),
/// separate from the public webhook listener, serving ``StaffAPI`` through HummingbirdCore's
/// `HTTP1Channel` on NIO's bootstrap (Hummingbird's `Application` cannot adopt a descriptor).
///
/// It has the webhook listener's protections: the header, body and idle deadlines
/// (``HTTPConnectionGuard``), the connection cap that sheds the longest-idle connection
/// (``ConnectionRegistry``) and failed-accept reporting to the watchdog (``ListenerHealth``). On
/// graceful shutdown it stops accepting, lets requests in progress finish (idle keep-alive
/// connections close at once), and closes whatever is still open after the grace period.
public final class StaffAPIService: Service, Sendable {
    typealias Connection = HTTP1Channel.Value

    let listener: NIOAsyncChannel<Connection, Never>
    let http1: HTTP1Channel
    let connections: ConnectionRegistry
    let configuration: HTTPServer.Configuration
    let logger: Logger
    /// Where the API listens, for logs.
    public let endpoint: HTTPServer.Endpoint

    private init(
        listener: NIOAsyncChannel<Connection, Never>, http1: HTTP1Channel, connections: ConnectionRegistry,
        configuration: HTTPServer.Configuration, endpoint: HTTPServer.Endpoint, logger: Logger
    ) {
        self.listener = listener
        self.http1 = http1
        self.connections = connections
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
    }

    /// Starts listening at `endpoint` (connections wait in the backlog until ``run()``).
    ///
    /// - Throws: NIO's error when the address cannot be bound or the descriptor is not a
    ///   listening stream socket.
    public static func bind(
        _ endpoint: HTTPServer.Endpoint, api: StaffAPI, configuration: HTTPServer.Configuration, logger: Logger,
        health: ListenerHealth = ListenerHealth()
    ) async throws -> StaffAPIService {
        let http1 = HTTP1Channel(responder: api.httpResponder(logger: logger))
        let connections = ConnectionRegistry(limit: configuration.maxConnections)
        let timeouts = HTTPServer.TimeoutLog(logger: logger)
        let acceptFailures = AcceptFailureHandler(
            health: health, connections: connections, logger: logger, listener: "api")
        let bootstrap = GuardedListener.bootstrap(backlog: 256, acceptFailures: acceptFailures)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                GuardedListener.admit(channel, to: connections, timeouts: timeouts)
                try HTTPConnectionGuard.installFront(
                    on: channel, configuration: configuration, registry: connections, timeouts: timeouts)
            }.flatMap {
                http1.setup(channel: channel, logger: logger)
            }.flatMapThrowing { connection in
                try HTTPConnectionGuard.installBehindDecoder(on: channel)
                return connection
            }
        }
        let listener = try await GuardedListener.bind(bootstrap, to: endpoint, childChannelInitializer: initializer)
        return StaffAPIService(
            listener: listener, http1: http1, connections: connections, configuration: configuration,
            endpoint: endpoint, logger: logger)
    }

    /// The TCP port the API listens on (useful after binding port 0).
    public var localPort: Int? { listener.channel.localAddress?.port }

    /// Serves until graceful shutdown, then drains as described on the type.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await listener.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await self.http1.handle(value: connection, logger: self.logger) }
                    }
                    await self.drainConnections()
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    /// Stops accepting and asks every connection to finish its request and close.
    public func beginShutdown() {
        listener.channel.close(promise: nil)
        connections.quiesceAll()
    }

    /// Waits up to the grace period for open connections to close, then closes the rest.
    private func drainConnections() async {
        await GuardedListener.drain(
            connections, within: configuration.shutdownGracePeriod, logger: logger, event: "api_shutdown_timeout")
    }
}
