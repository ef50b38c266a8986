import Crypto
import Foundation
import TextingCore

/// Signs and checks the links to media files (R5):
/// `<http.publicURL>/media/<id>?e=<expiry>&s=<signature>`.
///
/// - `id`: the file's id, 128 random bits (``TextingStore/MediaIdentifier``), so links cannot be
///   guessed even without the signature.
/// - `e`: the expiry, whole seconds since 1970 (UTC); the link works until that instant.
/// - `s`: HMAC-SHA1 (swift-crypto) keyed with the media-link key over the text `<id>.<e>`,
///   base64url without padding (27 characters). HMAC-SHA1 is a sound MAC, and links sent before
///   keep working.
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
        Self.base64URL(mac("\(id).\(expiry)"))
    }

    /// Whether `signature` was made by this key for exactly `id` and `expiryText` (the `e` value
    /// as it appears in the link; only the canonical decimal form is ever signed).
    public func isValid(id: String, expiryText: String, signature: String) -> Bool {
        ConstantTime.equal(signature, Self.base64URL(mac("\(id).\(expiryText)")))
    }

    /// The full link: `publicURL` (without a trailing slash) + `/media/<id>?e=…&s=…`. The expiry
    /// is rounded down to a whole second.
    public func link(publicURL: String, id: String, expiresAt: Date) -> String {
        let expiry = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        return "\(publicURL)\(Self.pathPrefix)\(id)?e=\(expiry)&s=\(signature(id: id, expiry: expiry))"
    }

    /// HMAC-SHA1 of `text` under the key.
    private func mac(_ text: String) -> [UInt8] {
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
    }

    /// Base64 with the URL-safe alphabet (`-`, `_`) and no `=` padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
