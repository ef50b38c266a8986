import Logging
import NIOCore
import NIOHTTP1

/// Read deadlines of one HTTP connection, and its idle/busy state in the ``ConnectionRegistry``.
///
/// A connection is in one of four phases:
/// - *idle*: waiting for the first byte of a request. A new connection must send a whole request
///   head within ``HTTPServer/Configuration/headerTimeout`` of being accepted; a keep-alive
///   connection may wait ``HTTPServer/Configuration/idleTimeout`` for its next request.
/// - *reading the head*: bytes arrived; the head must be complete within the header timeout (a
///   client sending one byte a second is closed then, whatever it sends).
/// - *reading the body*: the whole body must arrive within ``HTTPServer/Configuration/bodyTimeout``.
/// - *answering*: the request is with the handler; no deadline (the handler bounds its own work).
///
/// A connection past a deadline while reading gets `408 Request Timeout` and is closed; an idle
/// one is closed silently. Lives on the connection's event loop: the two handlers below share it.
final class HTTPConnectionGuard {
    enum Phase: String {
        case idle
        case readingHead = "reading_head"
        case readingBody = "reading_body"
        case answering
    }

    private let channel: any Channel
    private let configuration: HTTPServer.Configuration
    private let registry: ConnectionRegistry
    private let timeouts: HTTPServer.TimeoutLog
    private var phase = Phase.idle
    /// True until the first request head has arrived: the header deadline then runs from accept.
    private var isNew = true
    /// Requests read whole whose response has not ended yet (more than one only when a client
    /// pipelines and nothing in front of the guard holds the later requests back).
    private var unanswered = 0
    private var deadline: Scheduled<Void>?
    /// The front handler's context, to write the 408 below the HTTP encoder.
    fileprivate var rawContext: ChannelHandlerContext?

    init(channel: any Channel, configuration: HTTPServer.Configuration, registry: ConnectionRegistry,
         timeouts: HTTPServer.TimeoutLog) {
        self.channel = channel
        self.configuration = configuration
        self.registry = registry
        self.timeouts = timeouts
    }

    /// Adds the guard's two handlers around NIO's HTTP server pipeline and starts the header
    /// deadline. Call on the channel's event loop, before the async channel wrapper is added.
    static func install(
        on channel: any Channel, configuration: HTTPServer.Configuration, registry: ConnectionRegistry,
        timeouts: HTTPServer.TimeoutLog
    ) throws {
        try installFront(on: channel, configuration: configuration, registry: registry, timeouts: timeouts)
        let operations = channel.pipeline.syncOperations
        try operations.configureHTTPServerPipeline(withErrorHandling: true)
        // Behind NIO's pipelining handler, which releases a pipelined request only once the
        // previous one is answered.
        let guardian = try operations.handler(type: RawSide.self).guardian
        try operations.addHandler(PartsSide(guardian))
        guardian.arm(configuration.headerTimeout)
    }

    /// The first of two steps, also for a pipeline built by someone else (HummingbirdCore's
    /// `HTTP1Channel`): adds the raw side at the front of the still empty pipeline. After the
    /// HTTP handlers are in, call ``installBehindDecoder(on:)``. Call on the channel's event loop.
    static func installFront(
        on channel: any Channel, configuration: HTTPServer.Configuration, registry: ConnectionRegistry,
        timeouts: HTTPServer.TimeoutLog
    ) throws {
        let guardian = HTTPConnectionGuard(
            channel: channel, configuration: configuration, registry: registry, timeouts: timeouts)
        try channel.pipeline.syncOperations.addHandler(RawSide(guardian))
    }

    /// The second step: adds the parts side right behind NIO's HTTP/1 request decoder (where
    /// the parts are still NIO's, before NIO's pipelining handler or HummingbirdCore's codec)
    /// and starts the header deadline. Call on the channel's event loop.
    static func installBehindDecoder(on channel: any Channel) throws {
        let operations = channel.pipeline.syncOperations
        let guardian = try operations.handler(type: RawSide.self).guardian
        let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        try operations.addHandler(PartsSide(guardian), position: .after(decoder))
        guardian.arm(guardian.configuration.headerTimeout)
    }

    fileprivate func bytesArrived() {
        guard phase == .idle else { return }
        phase = .readingHead
        registry.markBusy(channel)
        // The first request's head deadline has run since accept; a later one starts now.
        if !isNew { arm(configuration.headerTimeout) }
    }

    fileprivate func headArrived() {
        isNew = false
        if phase == .idle { registry.markBusy(channel) }  // a pipelined head the decoder held
        phase = .readingBody
        arm(configuration.bodyTimeout)
    }

    fileprivate func requestEnded() {
        unanswered += 1
        phase = .answering
        deadline?.cancel()
        deadline = nil
    }

    fileprivate func responseEnded() {
        unanswered = max(0, unanswered - 1)
        // A pipelined request still waits for its answer: not idle yet.
        guard phase == .answering, unanswered == 0 else { return }
        phase = .idle
        registry.markIdle(channel)
        arm(configuration.idleTimeout)
    }

    fileprivate func closed() {
        deadline?.cancel()
        deadline = nil
    }

    private func arm(_ timeout: Duration) {
        deadline?.cancel()
        deadline = channel.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
            expire()
        }
    }

    private func expire() {
        deadline = nil
        let expired = phase
        if expired == .answering { return }
        timeouts.note(expired, isNew: isNew)
        if expired != .idle, let context = rawContext {
            let answer = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: answer)), promise: nil)
        }
        channel.close(promise: nil)
    }
}

extension HTTPConnectionGuard {
    /// In front of the HTTP decoder: sees that bytes of a request arrived.
    final class RawSide: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        fileprivate let guardian: HTTPConnectionGuard

        init(_ guardian: HTTPConnectionGuard) { self.guardian = guardian }

        func handlerAdded(context: ChannelHandlerContext) { guardian.rawContext = context }

        func handlerRemoved(context: ChannelHandlerContext) { guardian.rawContext = nil }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guardian.bytesArrived()
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            guardian.closed()
            context.fireChannelInactive()
        }
    }

    /// Behind NIO's pipelining handler: sees request heads and ends, and response ends.
    final class PartsSide: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart
        typealias OutboundIn = HTTPServerResponsePart
        typealias OutboundOut = HTTPServerResponsePart
        private let guardian: HTTPConnectionGuard

        init(_ guardian: HTTPConnectionGuard) { self.guardian = guardian }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: guardian.headArrived()
            case .body: break
            case .end: guardian.requestEnded()
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { guardian.responseEnded() }
            context.write(data, promise: promise)
        }
    }
}
