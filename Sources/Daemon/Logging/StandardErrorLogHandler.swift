import Logging
import Synchronization
import Systemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A swift-log `LogHandler` that writes one line per entry to standard error, in the format of
/// swift-log's `StreamLogHandler`: `<time> <level> <label>: <key>=<value> … [<source>] <message>`,
/// keys sorted.
///
/// Unlike `StreamLogHandler`, the message, every metadata key and value and the error are
/// escaped (``Swift/String/escapedForLogLine``): a line break or another control character in
/// a value (a carrier id from a webhook, say) shows as `\n` or `\u{0}` and cannot forge a line.
///
/// Metadata precedence, as in ``JournalLogHandler``: the handler's own metadata is the base,
/// the ``metadataProvider`` overrides it, and the log statement's metadata overrides both.
public struct StandardErrorLogHandler: LogHandler {
    /// The logger's label, written after the level.
    public let label: String
    /// Minimum level this handler is asked to log; `Logger` filters before calling ``log(event:)``.
    public var logLevel: Logger.Level = .info
    /// Handler-level metadata, the base of every entry.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata added to every entry; overrides ``metadata``.
    public var metadataProvider: Logger.MetadataProvider?
    private let stream: any TextOutputStream & Sendable

    /// A handler writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.init(label: label, stream: StandardErrorStream(), metadataProvider: metadataProvider)
    }

    /// A handler writing to `stream` (tests).
    init(
        label: String, stream: any TextOutputStream & Sendable,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.stream = stream
        self.metadataProvider = metadataProvider
    }

    /// One key of the handler-level ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    public func log(event: LogEvent) {
        var merged = JournalFields.merge(handler: metadata, provided: metadataProvider?.get() ?? [:], call: event.metadata)
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let pairs = merged.sorted { $0.key < $1.key }
            .map { "\($0.key.escapedForLogLine)=\($0.value.description.escapedForLogLine)" }
        var line = "\(Self.timestamp()) \(event.level) \(label.escapedForLogLine):"
        if !pairs.isEmpty { line += " " + pairs.joined(separator: " ") }
        line += " [\(event.source.escapedForLogLine)] \(event.message.description.escapedForLogLine)\n"
        var stream = self.stream
        stream.write(line)
    }

    /// The local time as `2026-12-07T14:03:59+0100`, formatted once per second: under load
    /// thousands of lines share a second, and `localtime_r` with `strftime` cost more than the
    /// rest of a line.
    private static func timestamp() -> String {
        let now = time(nil)
        if let cached = lastTimestamp.withLock({ $0.second == now ? $0.text : nil }) { return cached }
        var seconds = now
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        let text = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        lastTimestamp.withLock { $0 = (now, text) }
        return text
    }

    /// The second and the text ``timestamp()`` formatted last.
    private static let lastTimestamp = Mutex<(second: time_t, text: String)>((-1, ""))
}

/// Standard error as a text stream: each `write` is one `write(2)` call (repeated only for
/// what a short write left), so lines of concurrent loggers do not interleave mid-line.
private struct StandardErrorStream: TextOutputStream, Sendable {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
