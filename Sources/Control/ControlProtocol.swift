import Foundation

/// The control-socket protocol between `twowayd` and `twowayctl`: newline-delimited JSON over a
/// Unix stream socket.
///
/// Each request is one line, `{"v":1,"id":7,"command":"conversation.reply","args":{…}}`, and gets
/// exactly one response line with the same `id`, in order:
/// `{"v":1,"id":7,"ok":true,"result":{…}}` or
/// `{"v":1,"id":7,"ok":false,"error":{"code":"…","message":"…"}}`.
/// A bad line (malformed JSON, unknown command, bad arguments, more than ``maxRequestBytes``)
/// gets an error response and the connection stays usable for the next line. `Docs/twowayctl.md`
/// lists every command with its arguments and result.
public enum ControlProtocol {
    /// The protocol version this build speaks; requests with another `v` are refused.
    public static let version = 1
    /// A request line longer than this many bytes (without its newline) is refused.
    public static let maxRequestBytes = 1_048_576
    /// Where `twowayd` listens by default (`control.socketPath`).
    public static let defaultSocketPath = "/run/twowayd.control.sock"

    /// The encoder both sides use: dates as ISO 8601 in UTC, keys sorted so output is stable.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The decoder both sides use (dates as ISO 8601).
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
