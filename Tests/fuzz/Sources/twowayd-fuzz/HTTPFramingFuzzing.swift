import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import Daemon

/// The HTTP request framing as the webhook listener reads it: NIO's HTTP/1.1 decoder and
/// pipelining handler between the two sides of ``HTTPConnectionGuard`` (read deadlines, idle
/// tracking), as `HTTPServer` installs them on every connection.
///
/// Input: byte 0 sets the chunk size the bytes arrive in (1-64); the rest is what a client sends.
/// Properties: no trap, whatever the bytes or their chunking; and once every deadline has passed
/// the connection is closed unless it holds a whole request waiting for the server's answer (so
/// no byte sequence keeps a connection open by sending slowly or never finishing a request).
enum HTTPFramingFuzzing {
    static let configuration = HTTPServer.Configuration(
        headerTimeout: .seconds(1), bodyTimeout: .seconds(2), idleTimeout: .seconds(3), maxConnections: 4)

    static let timeouts: HTTPServer.TimeoutLog = {
        var logger = Logger(label: "twowayd.fuzz.http")
        logger.logLevel = .critical
        return HTTPServer.TimeoutLog(logger: logger)
    }()

    /// Counts what reaches the request handler's side of the pipeline.
    final class Sink: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        var heads = 0
        var ends = 0

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: heads += 1
            case .body: break
            case .end: ends += 1
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}
    }

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let chunk = Int(first % 64) + 1
        let stream = bytes.dropFirst()
        let channel = EmbeddedChannel()
        let registry = ConnectionRegistry(limit: configuration.maxConnections)
        let sink = Sink()
        do {
            _ = registry.admit(channel)
            try HTTPConnectionGuard.install(
                on: channel, configuration: configuration, registry: registry, timeouts: timeouts)
            try channel.pipeline.syncOperations.addHandler(sink)
        } catch {
            violated("the connection pipeline installs", "\(error)")
        }
        var offset = stream.startIndex
        while offset < stream.endIndex, channel.isActive {
            let end = min(offset + chunk, stream.endIndex)
            // A malformed request is answered 400 and closed by NIO's error handler; an error
            // surfacing here is that, not a broken property.
            _ = try? channel.writeInbound(ByteBuffer(bytes: stream[offset..<end]))
            offset = end
        }
        channel.embeddedEventLoop.advanceTime(by: .hours(1))
        let waitingForAnswer = sink.heads > 0 && sink.heads == sink.ends
        if channel.isActive && !waitingForAnswer {
            violated(
                "a connection with no whole request pending is closed once its deadlines pass",
                "heads \(sink.heads), ends \(sink.ends), \(stream.count) bytes in chunks of \(chunk)")
        }
        _ = try? channel.finish(acceptAlreadyClosed: true)
        registry.remove(channel)
    }
}
