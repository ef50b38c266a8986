import Foundation

/// The `X-Twilio-Signature` check of webhooks from a Twilio-compatible carrier (D4).
///
/// The signature is base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL
/// the carrier called (scheme, host, port if any, path, query) followed by every POST field's
/// name and value, sorted by name, concatenated without separators. Like Twilio's own helper
/// libraries, values of a repeated name are sorted too, and a URL is also accepted with the
/// default port (443/80) added or removed, since the carrier may sign either form.
public enum TwilioSignature {
    /// The header that carries the signature.
    public static let headerName = "X-Twilio-Signature"

    /// The signature of `url` and `fields` under `authToken`, base64-encoded.
    public static func signature(url: String, fields: [FormParameters.Field], authToken: String) -> String {
        Data(HMACSHA1.authenticationCode(for: Array(payload(url: url, fields: fields).utf8), key: Array(authToken.utf8)))
            .base64EncodedString()
    }

    /// The signed text: `url`, then name and value of every field, sorted by name (byte order)
    /// and, within a name, by value.
    public static func payload(url: String, fields: [FormParameters.Field]) -> String {
        let sorted = fields.sorted { lhs, rhs in
            lhs.name != rhs.name
                ? Array(lhs.name.utf8).lexicographicallyPrecedes(Array(rhs.name.utf8))
                : Array(lhs.value.utf8).lexicographicallyPrecedes(Array(rhs.value.utf8))
        }
        var text = url
        for field in sorted {
            text += field.name + field.value
        }
        return text
    }

    /// Whether `signature` is valid for `url` (or its form with the default port added or
    /// removed) and `fields`; compared in constant time.
    public static func isValid(signature: String, url: String, fields: [FormParameters.Field], authToken: String) -> Bool {
        let given = Array(signature.trimmingCharacters(in: .whitespaces).utf8)
        guard !given.isEmpty else { return false }
        var valid = false
        for candidate in urlVariants(url) {
            let expected = Array(Self.signature(url: candidate, fields: fields, authToken: authToken).utf8)
            // Every variant is computed and compared, so timing does not reveal which matched.
            valid = HMACSHA1.constantTimeEquals(given, expected) || valid
        }
        return valid
    }

    /// `url` as given, plus the same URL with its scheme's default port removed (when present)
    /// or added (when absent).
    static func urlVariants(_ url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            return [url]
        }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let defaultPort else { return [url] }
        if components.port == defaultPort {
            components.port = nil
        } else if components.port == nil {
            components.port = defaultPort
        } else {
            return [url]
        }
        guard let other = components.string, other != url else { return [url] }
        return [url, other]
    }
}
