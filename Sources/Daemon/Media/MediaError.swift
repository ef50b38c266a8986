/// A media file or key the daemon could not read or write: a stable code and what went wrong.
///
/// Codes: `media.io` (the media folder or a file in it could not be written or read),
/// `media.not_found` (no such file), `media.key_unusable` (the link key file could not be read
/// or created).
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier such as `media.io`.
    public var code: String
    /// What went wrong, naming the path; never a secret.
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
