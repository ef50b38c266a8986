import Foundation
import TextingCore

/// Text as the databases receive it, and the one character they cannot keep.
///
/// GRDB binds a Swift string as a C string (`sqlite3_bind_text` with length -1) and reads text
/// columns back as C strings, so SQLite sees a string only up to its first U+0000: stored, the
/// value would be cut short; compared (the duplicate check by carrier id, R6), it would match a
/// different value. Every other character, control characters included, is stored and read
/// back byte for byte. So the store refuses any bound string holding U+0000 with
/// ``nulRefused`` rather than store or match something other than what it was given (D1); the
/// daemon's doors (webhooks, control socket, directory import) refuse it before, in their own
/// words. See `Docs/decisions.md`, "Control characters and U+0000".
public enum StoredText {
    /// The error of a string with U+0000; the write or read it was for did not happen.
    public static let nulRefused = TextingError(
        .init("store.text_has_nul"),
        "The text contains a NUL character (U+0000), which cannot be stored; nothing was saved. Remove it and try again.")

    /// `text` with each U+0000 replaced by U+FFFD, for what the carrier said (its message ids and
    /// error texts): kept readable and never cut short, where refusing it would lose a record.
    public static func replacingNUL(_ text: String) -> String {
        isStorable(text) ? text : String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }

    /// Whether a database would receive `text` whole (PostgreSQL refuses U+0000 in text outright).
    public static func isStorable(_ text: String) -> Bool {
        !text.utf8.contains(0)
    }
}
