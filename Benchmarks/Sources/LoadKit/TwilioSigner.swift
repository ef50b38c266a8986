import Foundation

/// Signs webhooks the way Twilio does (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with
/// the auth token, over the URL the carrier calls followed by every POST field's name and value,
/// sorted by name, without separators.
public struct TwilioSigner: Sendable {
    /// The header carrying the signature.
    public static let headerName = "X-Twilio-Signature"

    private let key: [UInt8]

    public init(authToken: String) {
        key = Array(authToken.utf8)
    }

    /// The signature of a POST to `url` with `fields`.
    public func signature(url: String, fields: [(name: String, value: String)]) -> String {
        let sorted = fields.sorted { lhs, rhs in
            lhs.name != rhs.name
                ? Array(lhs.name.utf8).lexicographicallyPrecedes(Array(rhs.name.utf8))
                : Array(lhs.value.utf8).lexicographicallyPrecedes(Array(rhs.value.utf8))
        }
        var payload = Array(url.utf8)
        for field in sorted {
            payload += Array(field.name.utf8)
            payload += Array(field.value.utf8)
        }
        return Data(SHA1Digest.hmac(key: key, message: payload)).base64EncodedString()
    }
}
