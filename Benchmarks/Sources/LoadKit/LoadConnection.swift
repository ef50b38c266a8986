import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection of a load: sends one request at a time for its
/// ``LoadShard`` and tells it about each answer. Lives on the shard's event loop.
final class LoadConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// A request written and not yet answered.
    struct InFlight {
        let request: LoadRequest
        /// When the request was due (open loop) or written (closed loop), in uptime nanoseconds.
        let due: UInt64
    }

    private let shard: LoadShard
    /// Position in the shard's list, stable for the connection's life.
    let slot: Int
    private var context: ChannelHandlerContext?
    private(set) var inFlight: InFlight?
    private var status = 0

    init(shard: LoadShard, slot: Int) {
        self.shard = shard
        self.slot = slot
    }

    var isOpen: Bool { context != nil }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        shard.connectionReady(self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body:
            break
        case .end:
            guard let finished = inFlight else { return }
            inFlight = nil
            shard.answered(self, finished, status: status)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let lost = inFlight
        inFlight = nil
        self.context = nil
        shard.connectionClosed(self, lost: lost)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Writes `request`; `due` is when its latency starts counting.
    func send(_ request: LoadRequest, due: UInt64) {
        guard let context, inFlight == nil else { return }
        inFlight = InFlight(request: request, due: due)
        status = 0
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func close() {
        context?.close(promise: nil)
    }
}
