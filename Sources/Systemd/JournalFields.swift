import Logging

/// The pure part of ``JournalLogHandler``: turning one log event into the `FIELD=value`
/// entries that `sd_journal_sendv(3)` sends to journald.
///
/// Field names follow journald's rules (A–Z, 0–9 and `_`, not starting with `_` or a digit, at
/// most 64 characters). Values may hold any text, newlines included: `sd_journal_sendv` uses
/// journald's binary-safe native protocol.
public enum JournalFields {
    /// Prefix of every field derived from a metadata key, so the project's fields never collide
    /// with journald's own (`MESSAGE`, `PRIORITY`, trusted `_…` fields) and are easy to query.
    public static let metadataFieldPrefix = "TWOWAY_"

    /// Field holding the logger's label.
    public static let loggerField = "TWOWAY_LOGGER"

    /// journald's limit on the length of a field name.
    public static let maximumFieldNameLength = 64

    /// The syslog priority journald stores in `PRIORITY=`: trace and debug → 7 (debug),
    /// info → 6, notice → 5, warning → 4, error → 3 (err), critical → 2 (crit).
    public static func priority(for level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journal field for a metadata key: `TWOWAY_` followed by the key upper-cased, with
    /// every character outside `A`–`Z` and `0`–`9` (after upper-casing) replaced by `_`, cut to
    /// 64 characters. For example `message_sid` → `TWOWAY_MESSAGE_SID`, `error.type` →
    /// `TWOWAY_ERROR_TYPE`.
    ///
    /// Different keys can map to the same field (`a.b`, `a-b`); journald then keeps both values
    /// under that field.
    public static func fieldName(forMetadataKey key: String) -> String {
        var name = metadataFieldPrefix
        for scalar in key.unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9":
                name.unicodeScalars.append(scalar)
            case "a"..."z":
                // ASCII lower case to upper case: the two ranges are 32 apart.
                name.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value - 32)))
            default:
                name.unicodeScalars.append("_")
            }
        }
        return String(name.prefix(maximumFieldNameLength))
    }

    /// The effective metadata of one event: `handler` metadata, overridden by `provided`
    /// (from the handler's metadata provider), overridden by `call` (the log statement's own
    /// metadata). Later sources win on equal keys.
    public static func merge(
        handler: Logger.Metadata,
        provided: Logger.Metadata = [:],
        call: Logger.Metadata?
    ) -> Logger.Metadata {
        // The usual case, a handler without metadata of its own: the call's, as it is.
        if handler.isEmpty && provided.isEmpty { return call ?? [:] }
        var merged = handler
        merged.merge(provided) { _, new in new }
        if let call { merged.merge(call) { _, new in new } }
        return merged
    }

    /// The `FIELD=value` entries for one event, in this order: `MESSAGE`, `PRIORITY`,
    /// `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `TWOWAY_LOGGER`, then one
    /// `TWOWAY_<KEY>` entry per metadata key, sorted by key.
    ///
    /// - Parameters:
    ///   - metadata: the already merged metadata (see ``merge(handler:provided:call:)``).
    ///     String values are sent as is; arrays, dictionaries and string-convertibles by their
    ///     `description`.
    ///   - error: when present, adds `TWOWAY_ERROR_MESSAGE` (its description) and
    ///     `TWOWAY_ERROR_TYPE` (its type), overriding metadata keys `error.message`/`error.type`.
    public static func encode(
        level: Logger.Level,
        message: String,
        metadata: Logger.Metadata,
        error: (any Error)? = nil,
        label: String,
        syslogIdentifier: String,
        file: String,
        function: String,
        line: UInt
    ) -> [String] {
        var metadata = metadata
        if let error {
            metadata["error.message"] = .string("\(error)")
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
        }
        var fields = [
            "MESSAGE=\(message)",
            "PRIORITY=\(priority(for: level))",
            "SYSLOG_IDENTIFIER=\(syslogIdentifier)",
            "CODE_FILE=\(file)",
            "CODE_LINE=\(line)",
            "CODE_FUNC=\(function)",
            "\(loggerField)=\(label)",
        ]
        fields.reserveCapacity(fields.count + metadata.count)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append("\(fieldName(forMetadataKey: key))=\(value.description)")
        }
        return fields
    }
}
