import Crypto
import Foundation

/// Signs event posts per the Standard Webhooks specification (V1): the headers `webhook-id`,
/// `webhook-timestamp` (whole seconds since 1970) and `webhook-signature: v1,<signature>`, where
/// the signature is the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the
/// base64-decoded part of the endpoint's `whsec_` secret.
public struct WebhookSigner: Sendable {
    /// The prefix of every secret.
    public static let secretPrefix = "whsec_"

    private let key: SymmetricKey

    /// Nil when `secret` is not `whsec_` followed by base64 of at least one byte.
    public init?(secret: String) {
        guard secret.hasPrefix(Self.secretPrefix),
              let bytes = Data(base64Encoded: String(secret.dropFirst(Self.secretPrefix.count))), !bytes.isEmpty
        else { return nil }
        key = SymmetricKey(data: bytes)
    }

    /// The `webhook-signature` value for one attempt.
    public func signature(id: String, timestamp: Int64, body: Data) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1," + Data(code).base64EncodedString()
    }

    /// The three headers of one attempt, in the order the specification lists them.
    public func headers(id: String, timestamp: Int64, body: Data) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)),
         ("webhook-signature", signature(id: id, timestamp: timestamp, body: body))]
    }

    /// A new secret: `whsec_` and base64 of 32 random bytes.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return secretPrefix + Data(bytes).base64EncodedString()
    }

    /// The `webhook-id` of an event: stable across attempts, so receivers can drop repeats.
    public static func messageID(event: Int64) -> String { "evt_\(event)" }
}
