import Foundation
import Logging
import Synchronization

/// Catches the reason the connection pool gives when it cannot connect (it logs it and tries
/// again, forever), so `store copy` can stop at once with that reason (a wrong password, a
/// database that does not exist, nothing listening) instead of waiting out its timeout.
final class ConnectionFailures: Sendable {
    private let latest = Mutex<String?>(nil)

    /// The reason of the latest failed connection attempt, in words; nil while none failed.
    var reason: String? { latest.withLock { $0 } }

    /// A logger that records failed connection attempts here and passes what `base` would log on
    /// to `base`.
    func logger(forwardingTo base: Logger) -> Logger {
        Logger(label: base.label) { _ in Handler(failures: self, base: base) }
    }

    func record(_ error: String) {
        let reason = Self.reason(from: error)
        latest.withLock { $0 = reason }
    }

    /// The server's own message when there is one (`password authentication failed for user
    /// "twowayd"`, `database "x" does not exist`), "connection refused" when nothing listens,
    /// else the error as the pool described it (at most 300 characters).
    static func reason(from error: String) -> String {
        if let start = error.range(of: "message: ") {
            let rest = error[start.upperBound...]
            let end = [", routine: ", ", sqlState: ", "]"].compactMap { rest.range(of: $0)?.lowerBound }.min() ?? rest.endIndex
            return String(rest[..<end])
        }
        if error.localizedCaseInsensitiveContains("refused") { return "connection refused" }
        return String(error.prefix(300))
    }

    private struct Handler: LogHandler {
        let failures: ConnectionFailures
        var base: Logger
        var metadata: Logger.Metadata = [:]
        /// Always info, the level of the pool's connection failures; `base` filters the rest.
        var logLevel: Logger.Level {
            get { .info }
            set {}  // swiftlint:disable:this unused_setter_value
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description == "Connection creation failed", let error = event.metadata?["psql_error"] {
                failures.record(error.description)
            }
            base.log(level: event.level, event.message, metadata: event.metadata, source: event.source,
                     file: event.file, function: event.function, line: event.line)
        }
    }
}
