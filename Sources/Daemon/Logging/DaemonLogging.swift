import Logging
import Systemd

/// Sets up swift-log for the daemon, once per process.
///
/// Entries go to journald (``JournalLogHandler``, structured fields) when standard error is
/// connected to the journal, else one line each to standard error (``StandardErrorLogHandler``,
/// control characters escaped). Every handler is wrapped in
/// ``ReloadableLogLevel`` so a reload can change the level, and carries the metadata
/// `event=other` unless the log call names its own `event` (journald field `TWOWAY_EVENT`).
public enum DaemonLogging {
    /// `SYSLOG_IDENTIFIER` of journal entries.
    public static let syslogIdentifier = "twowayd"
    /// The `event` of entries whose log call names none (library messages, mostly).
    public static let defaultEvent: Logger.Metadata.Value = "other"

    /// Bootstraps the logging system with the daemon's handlers; returns the shared level a
    /// reload sets. Call once, before the first `Logger` is made.
    public static func bootstrap(level: Logger.Level, useJournal: Bool = JournalLogHandler.isConnectedToJournal) -> SharedLogLevel {
        let shared = SharedLogLevel(level)
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, level: shared, useJournal: useJournal)
        }
        return shared
    }

    /// The handler for one logger: journald or standard error (one escaped line per entry,
    /// ``StandardErrorLogHandler``), behind the shared level, with the default `event`.
    public static func makeHandler(label: String, level: SharedLogLevel, useJournal: Bool) -> any LogHandler {
        makeHandler(label: label, level: level, useJournal: useJournal, standardError: nil)
    }

    /// ``makeHandler(label:level:useJournal:)`` writing lines to `standardError` instead of the
    /// process's standard error when it is given (tests).
    static func makeHandler(
        label: String, level: SharedLogLevel, useJournal: Bool, standardError: (any TextOutputStream & Sendable)?
    ) -> any LogHandler {
        let base: any LogHandler = if useJournal {
            JournalLogHandler(label: label, syslogIdentifier: syslogIdentifier)
        } else if let standardError {
            StandardErrorLogHandler(label: label, stream: standardError)
        } else {
            StandardErrorLogHandler(label: label)
        }
        var handler = ReloadableLogLevel(wrapping: base, level: level)
        handler[metadataKey: "event"] = defaultEvent
        return handler
    }
}
