import Foundation

/// Signs and checks the links to media files (R5):
/// `<http.publicURL>/media/<id>?e=<expiry>&s=<signature>`.
///
/// - `id`: the file's id, 128 random bits (``TextingStore/MediaIdentifier``), so links cannot be
///   guessed even without the signature.
/// - `e`: the expiry, whole seconds since 1970 (UTC); the link works until that instant.
/// - `s`: HMAC-SHA1 keyed with the media-link key over the text `<id>.<e>`, base64url without
///   padding (27 characters). HMAC-SHA1 is a sound MAC; the project has no SHA-256 and adds no
///   crypto dependency.
///
/// Checks compare in constant time. A link whose id, expiry or signature was changed fails the
/// check; a key change invalidates every link made with the old key.
public struct MediaLinkSigner: Sendable {
    /// The path prefix of media links.
    public static let pathPrefix = "/media/"

    private let key: [UInt8]

    /// - Parameter key: the secret, at least 16 bytes (shorter keys are accepted but weak).
    public init(key: [UInt8]) {
        self.key = key
    }

    /// The signature of `id` valid until `expiry` (seconds since 1970).
    public func signature(id: String, expiry: Int64) -> String {
        Self.base64URL(HMACSHA1.authenticationCode(for: Array("\(id).\(expiry)".utf8), key: key))
    }

    /// Whether `signature` was made by this key for exactly `id` and `expiryText` (the `e` value
    /// as it appears in the link; only the canonical decimal form is ever signed).
    public func isValid(id: String, expiryText: String, signature: String) -> Bool {
        let expected = Array(Self.base64URL(HMACSHA1.authenticationCode(for: Array("\(id).\(expiryText)".utf8), key: key)).utf8)
        return HMACSHA1.constantTimeEquals(Array(signature.utf8), expected)
    }

    /// The full link: `publicURL` (without a trailing slash) + `/media/<id>?e=…&s=…`. The expiry
    /// is rounded down to a whole second.
    public func link(publicURL: String, id: String, expiresAt: Date) -> String {
        let expiry = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        return "\(publicURL)\(Self.pathPrefix)\(id)?e=\(expiry)&s=\(signature(id: id, expiry: expiry))"
    }

    /// Base64 with the URL-safe alphabet (`-`, `_`) and no `=` padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
