import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The daemon's HTTP/1.1 server on swift-nio: carrier webhooks, health checks.
///
/// It listens on a socket systemd passed (socket activation) or binds host and port itself,
/// reads each request whole (refusing bodies over the limit with 413), hands it to a handler
/// such as ``WebhookRoutes/handle(_:)`` and writes the answer. Keep-alive and pipelined requests
/// are served in order.
///
/// Run it as a `Service`: on graceful shutdown it stops accepting, lets requests in progress
/// finish (closing idle keep-alive connections at once), and after ``Configuration/shutdownGracePeriod``
/// closes whatever is still open.
public final class HTTPServer: Service, Sendable {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// A listening socket inherited from systemd (`ListenStream=` of a `.socket` unit).
        case adopted(descriptor: Int32)
        /// An address to bind; port 0 picks a free port (see ``HTTPServer/localPort``).
        case address(host: String, port: Int)

        public var description: String {
            switch self {
            case .adopted(let descriptor): "socket-activated fd \(descriptor)"
            case .address(let host, let port): "\(host):\(port)"
            }
        }
    }

    /// Limits of the server.
    public struct Configuration: Sendable, Hashable {
        /// Request bodies larger than this many bytes are answered 413 and the connection closed.
        public var maxBodyBytes: Int
        /// How long a graceful shutdown waits for requests in progress before closing their connections.
        public var shutdownGracePeriod: Duration
        /// After a 413 the rest of the refused body is read and thrown away, up to this many bytes,
        /// so the client sees the answer instead of a connection reset; past it the connection closes.
        public var discardLimitBytes: Int
        /// A request head (request line and header fields) must arrive whole within this time:
        /// from accept for a new connection, from its first byte on a keep-alive one.
        public var headerTimeout: Duration
        /// A request body must arrive whole within this time after its head.
        public var bodyTimeout: Duration
        /// A keep-alive connection waiting for its next request is closed after this time.
        public var idleTimeout: Duration
        /// The most connections open at once; past it the longest-idle connection is closed to
        /// make room, or the new one when none is idle (``ConnectionRegistry``).
        public var maxConnections: Int

        public init(
            maxBodyBytes: Int = 65_536, shutdownGracePeriod: Duration = .seconds(5), discardLimitBytes: Int = 1_048_576,
            headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(60), maxConnections: Int = 10_000
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.shutdownGracePeriod = shutdownGracePeriod
            self.discardLimitBytes = discardLimitBytes
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
        }
    }

    /// Answers one request; must not throw (errors become responses).
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let listener: NIOAsyncChannel<Connection, Never>
    let configuration: Configuration
    let handler: Handler
    let logger: Logger
    let connections: ConnectionRegistry
    /// Where the server listens, for logs.
    public let endpoint: Endpoint

    private init(
        listener: NIOAsyncChannel<Connection, Never>, endpoint: Endpoint, configuration: Configuration,
        connections: ConnectionRegistry, handler: @escaping Handler, logger: Logger
    ) {
        self.listener = listener
        self.endpoint = endpoint
        self.configuration = configuration
        self.connections = connections
        self.handler = handler
        self.logger = logger
    }

    /// Starts listening at `endpoint` (connections wait in the backlog until ``run()``).
    ///
    /// Failed `accept` calls are logged and reported to `health` (see ``ListenerHealth``).
    ///
    /// - Throws: NIO's error when the address cannot be bound or the descriptor is not a
    ///   listening stream socket.
    public static func bind(
        _ endpoint: Endpoint, configuration: Configuration, logger: Logger, health: ListenerHealth = ListenerHealth(),
        handler: @escaping Handler
    ) async throws -> HTTPServer {
        let connections = ConnectionRegistry(limit: configuration.maxConnections)
        let timeouts = TimeoutLog(logger: logger)
        let acceptFailures = AcceptFailureHandler(
            health: health, connections: connections, logger: logger, listener: "http")
        let bootstrap = GuardedListener.bootstrap(backlog: 1_024, acceptFailures: acceptFailures)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                GuardedListener.admit(channel, to: connections, timeouts: timeouts)
                try HTTPConnectionGuard.install(
                    on: channel, configuration: configuration, registry: connections, timeouts: timeouts)
                return try Connection(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(inboundType: HTTPServerRequestPart.self, outboundType: HTTPServerResponsePart.self))
            }
        }
        let listener = try await GuardedListener.bind(bootstrap, to: endpoint, childChannelInitializer: initializer)
        return HTTPServer(
            listener: listener, endpoint: endpoint, configuration: configuration, connections: connections,
            handler: handler, logger: logger)
    }

    /// The TCP port the server listens on (useful after binding port 0).
    public var localPort: Int? { listener.channel.localAddress?.port }

    /// Serves until graceful shutdown, then drains as described on the type.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await serve()
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    /// Stops accepting and asks every connection to finish its request and close.
    public func beginShutdown() {
        listener.channel.close(promise: nil)
        connections.quiesceAll()
    }

    /// Accepts until the listener closes, then waits for the connections (see the type).
    func serve() async throws {
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    // The connection's task runs on its event loop (see EventLoopTaskExecutor).
                    let executor = EventLoopTaskExecutor(connection.channel.eventLoop)
                    group.addTask(executorPreference: executor) { await self.serve(connection) }
                }
                await self.drainConnections()
            }
        }
    }

    /// Waits up to the grace period for open connections to close, then closes the rest.
    private func drainConnections() async {
        await GuardedListener.drain(
            connections, within: configuration.shutdownGracePeriod, logger: logger, event: "http_shutdown_timeout")
    }
}
