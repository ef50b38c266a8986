import NIOCore

/// What a control connection reads: request lines, and the events between them.
enum ControlFrame: Sendable {
    /// One request line without its line break (a trailing CR is dropped too).
    case line(ByteBuffer)
    /// A line longer than the limit arrived; it was thrown away up to its line break.
    case oversized
    /// The server is shutting down: finish the request in progress and close.
    case quiesce
}

/// Splits the byte stream into lines of at most `maxLength` bytes. A longer line is not kept
/// in memory: its bytes are dropped as they arrive and a single ``ControlFrame/oversized`` is
/// passed on when its line break comes (or the input ends), so the next line is read as usual.
struct ControlFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ControlFrame

    let maxLength: Int
    /// Dropping the rest of an oversized line.
    private var discarding = false
    /// Bytes at the start of the buffer already known to hold no line break.
    private var scanned = 0

    init(maxLength: Int) {
        self.maxLength = maxLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
            if discarding || buffer.readableBytes > maxLength {
                discarding = true
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                scanned = 0
            } else {
                scanned = buffer.readableBytes
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        if discarding || length > maxLength {
            discarding = false
            buffer.moveReaderIndex(forwardBy: length + 1)
            context.fireChannelRead(wrapInboundOut(.oversized))
            return .continue
        }
        // The line break was found at `length`, so `length` bytes are readable before it.
        guard var line = buffer.readSlice(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1) ?? line
        }
        context.fireChannelRead(wrapInboundOut(.line(line)))
        return .continue
    }

    /// At end of input a last line without a line break is still a request; one over the
    /// limit is an ``ControlFrame/oversized`` like any other, so it is answered too.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // `decode` left no line break; it has begun discarding when the rest is over the limit.
        if discarding {
            discarding = false
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            context.fireChannelRead(wrapInboundOut(.oversized))
        } else if buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        scanned = 0
        return .needMoreData
    }
}

/// Turns a graceful-shutdown request (`ChannelShouldQuiesceEvent`, sent by the
/// `ConnectionRegistry`) into a ``ControlFrame/quiesce`` after the lines already read.
final class ControlQuiesceHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ControlFrame
    typealias InboundOut = ControlFrame

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.fireChannelRead(wrapInboundOut(.quiesce))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
