import Control
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TextingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The control socket `twowayctl` talks to: newline-delimited JSON over a Unix stream socket
/// (see ``ControlProtocol``), answered by a ``ControlHandler``.
///
/// Each connecting process is checked against ``ControlAccessPolicy`` with the kernel's
/// credentials (`SO_PEERCRED`) before anything is read; a refused peer gets one
/// `control.forbidden` line and is disconnected. Requests of a connection are answered in
/// order; a bad line gets an error line and the connection stays open.
///
/// Run it as a `Service`: on graceful shutdown it stops accepting, lets each connection finish
/// the request in progress, and removes the socket file it created.
public final class ControlServer: Service, Sendable {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// A listening socket inherited from systemd (`twowayd-control.socket`, fd name `control`),
        /// whose file and mode systemd owns.
        case adopted(descriptor: Int32)
        /// A path to bind (`control.socketPath`); the file is made mode 0660. A stale socket file
        /// is replaced, one another process still listens on is not.
        case path(String)

        public var description: String {
            switch self {
            case .adopted(let descriptor): "socket-activated fd \(descriptor)"
            case .path(let path): path
            }
        }
    }

    /// An accepted connection. Answers are written on the channel itself and awaited, so each
    /// reaches the socket before the next request is read or the connection closes; the async
    /// channel only reads. (Its writer is finished from the start, so a connection accepted in
    /// the instant the listener closes is dropped without tripping NIO's unfinished-writer trap,
    /// swift-nio#2813.)
    struct Accepted: Sendable {
        var channel: NIOAsyncChannel<ControlFrame, Never>
        var peer: PeerCredentials?
    }

    let listener: NIOAsyncChannel<Accepted, Never>
    let handler: ControlHandler
    let access: @Sendable () -> ControlAccessPolicy
    let users: any UserDirectory
    let logger: Logger
    let connections = ConnectionRegistry()
    /// Where the server listens, for logs.
    public let endpoint: Endpoint

    private init(
        listener: NIOAsyncChannel<Accepted, Never>, endpoint: Endpoint, handler: ControlHandler,
        access: @escaping @Sendable () -> ControlAccessPolicy, users: any UserDirectory, logger: Logger
    ) {
        self.listener = listener
        self.endpoint = endpoint
        self.handler = handler
        self.access = access
        self.users = users
        self.logger = logger
    }

    /// Starts listening at `endpoint` (connections wait in the backlog until ``run()``).
    /// `access` is read for every connection, so a reload's new lists apply at once. Failed
    /// `accept` calls are logged and reported to `health` (see ``ListenerHealth``).
    ///
    /// - Throws: `control.socket_in_use` when another process listens on the path, or NIO's
    ///   error when the path cannot be bound.
    public static func bind(
        _ endpoint: Endpoint, handler: ControlHandler, access: @escaping @Sendable () -> ControlAccessPolicy,
        users: any UserDirectory = SystemUserDirectory(), health: ListenerHealth = ListenerHealth(), logger: Logger
    ) async throws -> ControlServer {
        let acceptFailures = AcceptFailureHandler(health: health, connections: nil, logger: logger, listener: "control")
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(acceptFailures) }
            }
            // A client may send its requests and shut down its side; it still gets every answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (any NIOCore.Channel) -> EventLoopFuture<Accepted> = { channel in
            PeerCredentials.read(from: channel).flatMapThrowing { peer in
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(ControlFrameDecoder(maxLength: ControlProtocol.maxRequestBytes)))
                try channel.pipeline.syncOperations.addHandler(ControlQuiesceHandler())
                let wrapped = try NIOAsyncChannel<ControlFrame, Never>(wrappingChannelSynchronously: channel)
                return Accepted(channel: wrapped, peer: peer)
            }
        }
        let listener: NIOAsyncChannel<Accepted, Never>
        switch endpoint {
        case .adopted(let descriptor):
            listener = try await bootstrap.bind(descriptor, childChannelInitializer: initializer)
        case .path(let path):
            try removeStaleSocket(at: path)
            listener = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
            guard chmod(path, 0o660) == 0 else {
                try? await listener.channel.close()
                throw TextingError(.init("control.socket_mode"),
                                   "Cannot make \(path) mode 0660: \(String(cString: strerror(errno))).")
            }
        }
        return ControlServer(listener: listener, endpoint: endpoint, handler: handler, access: access, users: users,
                             logger: logger)
    }

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

    private func serve() async throws {
        defer {
            if case .path(let path) = endpoint { unlink(path) }
        }
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await accepted in inbound {
                    group.addTask { await self.serve(accepted) }
                }
            }
        }
    }

    /// Checks the peer, then answers its lines in order until it closes or the server stops.
    private func serve(_ accepted: Accepted) async {
        let channel = accepted.channel.channel
        _ = connections.admit(channel)
        defer { connections.remove(channel) }
        do {
            try await accepted.channel.executeThenClose { inbound in
                guard let peer = accepted.peer else {
                    try await Self.write(ControlHandler.forbiddenResponse(
                        "The daemon cannot tell who is connecting, so it refuses the connection."), to: channel)
                    return
                }
                let decision = access().decide(peer, directory: users)
                guard case .allowed = decision else {
                    if case .refused(let reason) = decision {
                        logger.warning("control connection refused", metadata: [
                            "event": "control_refused", "uid": "\(peer.uid)", "gid": "\(peer.gid)", "pid": "\(peer.pid)",
                        ])
                        try await Self.write(ControlHandler.forbiddenResponse(reason), to: channel)
                    }
                    return
                }
                let connection = ControlConnection(peer: peer)
                for try await frame in inbound {
                    switch frame {
                    case .line(let line):
                        guard line.readableBytesView.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") })
                        else { continue }
                        let answer = await handler.respond(to: Data(line.readableBytesView), connection: connection)
                        try await Self.write(answer, to: channel)
                    case .oversized:
                        try await Self.write(ControlHandler.tooLargeResponse(), to: channel)
                    case .quiesce:
                        return
                    }
                }
            }
        } catch {
            logger.debug("control connection ended with an error", metadata: [
                "event": "control_connection_error", "error": "\(error)",
            ])
        }
    }

    /// Writes one answer line and waits until it is written to the socket.
    private static func write(_ answer: Data, to channel: any NIOCore.Channel) async throws {
        var buffer = channel.allocator.buffer(capacity: answer.count + 1)
        buffer.writeBytes(answer)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await channel.writeAndFlush(buffer).get()
    }

    /// Removes a socket file nobody listens on (left by a crash); refuses to take over a live
    /// one or to remove anything that is not a socket.
    private static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw TextingError(.init("control.socket_path"), "\(path) exists and is not a socket; remove it or change control.socketPath.")
        }
        if (try? ControlClient(socketPath: path)) != nil {
            throw TextingError(.init("control.socket_in_use"),
                               "Another process listens on \(path); is twowayd already running?")
        }
        unlink(path)
    }
}
