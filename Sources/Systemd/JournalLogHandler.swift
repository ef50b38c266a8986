import CSystemd
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A swift-log `LogHandler` that writes structured entries straight to journald with
/// `sd_journal_sendv(3)`.
///
/// Each event becomes one journal entry with `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`,
/// `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `TWOWAY_LOGGER` (the label) and one `TWOWAY_<KEY>`
/// field per metadata key (see ``JournalFields``), so operators can filter with e.g.
/// `journalctl -u twowayd TWOWAY_EVENT=inbound`.
///
/// Metadata precedence: the handler's own metadata (`logger[metadataKey:]`) is the base, the
/// ``metadataProvider`` overrides it, and the log statement's metadata overrides both — the
/// per-call value wins on equal keys.
///
/// If journald cannot be reached the entry is written as one line to standard error instead, so
/// nothing is lost silently. Use ``isConnectedToJournal`` to decide whether to bootstrap with
/// this handler.
public struct JournalLogHandler: LogHandler {
    /// The logger's label, sent as `TWOWAY_LOGGER`.
    public let label: String
    /// Sent as `SYSLOG_IDENTIFIER` (what `journalctl -t` and the default output show).
    public let syslogIdentifier: String
    /// Minimum level this handler is asked to log; `Logger` filters before calling ``log(event:)``.
    public var logLevel: Logger.Level
    /// Handler-level metadata, the base of every entry.
    public var metadata: Logger.Metadata
    /// Contextual metadata added to every entry; overrides ``metadata``.
    public var metadataProvider: Logger.MetadataProvider?

    /// - Parameters:
    ///   - label: the logger's label (sent as `TWOWAY_LOGGER`).
    ///   - syslogIdentifier: sent as `SYSLOG_IDENTIFIER`, e.g. `twowayd`.
    ///   - logLevel: initial minimum level, `.info` by default.
    ///   - metadataProvider: by default the one given to `LoggingSystem.bootstrap`.
    public init(
        label: String,
        syslogIdentifier: String,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.syslogIdentifier = syslogIdentifier
        self.logLevel = logLevel
        self.metadata = [:]
        self.metadataProvider = metadataProvider
    }

    /// One key of the handler-level ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends the event to journald as one entry (falls back to a line on standard error).
    public func log(event: LogEvent) {
        let merged = JournalFields.merge(
            handler: metadata,
            provided: metadataProvider?.get() ?? [:],
            call: event.metadata
        )
        let fields = JournalFields.encode(
            level: event.level,
            message: event.message.description,
            metadata: merged,
            error: event.error,
            label: label,
            syslogIdentifier: syslogIdentifier,
            file: event.file,
            function: event.function,
            line: event.line
        )
        if Self.send(fields) != 0 {
            Self.writeToStandardError(fields)
        }
    }

    /// Sends `fields` (each `FIELD=value`) as one journal entry.
    ///
    /// - Returns: 0 on success, a negative errno from `sd_journal_sendv` otherwise.
    @discardableResult
    public static func send(_ fields: [String]) -> Int32 {
        // One contiguous buffer holds every field; the iovecs point into it, so all pointers
        // stay valid for the duration of the single withUnsafeMutableBufferPointer call.
        var lengths: [Int] = []
        lengths.reserveCapacity(fields.count)
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = field.utf8
            lengths.append(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        guard !bytes.isEmpty else { return -EINVAL }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -EINVAL }
            var vectors: [iovec] = []
            vectors.reserveCapacity(lengths.count)
            var offset = 0
            for length in lengths {
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(base + offset), iov_len: length))
                offset += length
            }
            return vectors.withUnsafeBufferPointer { iovecs in
                sd_journal_sendv(iovecs.baseAddress, Int32(iovecs.count))
            }
        }
    }

    /// `true` when standard error is connected to journald: `$JOURNAL_STREAM` is set (systemd
    /// sets it for `StandardError=journal`) and its `device:inode` matches `fstat(2)` of file
    /// descriptor 2 — the check `systemd.exec(5)` documents, which rules out a variable merely
    /// inherited by a child whose stderr was redirected. If `fstat` fails, a set variable counts.
    public static var isConnectedToJournal: Bool {
        guard let raw = getenv("JOURNAL_STREAM") else { return false }
        let value = String(cString: raw)
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return false
        }
        var status = stat()
        guard fstat(2, &status) == 0 else { return true }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Fallback: one human-readable line on standard error (`<priority>MESSAGE key=value …`,
    /// the `<N>` prefix journald and `systemd-cat` understand), control characters escaped.
    private static func writeToStandardError(_ fields: [String]) {
        var message = ""
        var priority = "6"
        var rest: [String] = []
        for field in fields {
            if field.hasPrefix("MESSAGE=") {
                message = String(field.dropFirst("MESSAGE=".count))
            } else if field.hasPrefix("PRIORITY=") {
                priority = String(field.dropFirst("PRIORITY=".count))
            } else if field.hasPrefix(JournalFields.metadataFieldPrefix) {
                rest.append(field)
            }
        }
        // Escaped: a line break in a value must not start a line of its own (issue 11).
        let parts = ([message] + rest).map(\.escapedForLogLine)
        let line = "<\(priority)>\(parts.joined(separator: " "))\n"
        _ = line.utf8CString.withUnsafeBufferPointer { chars in
            write(2, chars.baseAddress, chars.count - 1)
        }
    }
}
