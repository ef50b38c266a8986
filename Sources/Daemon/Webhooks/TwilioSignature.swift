import Crypto
import Foundation
import TextingCore

/// The `X-Twilio-Signature` check of webhooks from a Twilio-compatible carrier (D4), as Twilio's
/// reference helper libraries compute it (twilio-python's `RequestValidator`, checked against
/// vectors it computed: `Tests/tools/twilio_signature_vectors.py`).
///
/// The signature is base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL
/// the carrier called (scheme, host, port if any, path, query) followed by, for each distinct
/// POST field name in sorted order, the name and one of its distinct values, for each distinct
/// value in sorted order, concatenated without separators. So a repeated identical field
/// (`Foo=a&Foo=a`) counts once, and repeated different values all count. Sorting compares
/// Unicode code points (UTF-8 bytes), and names and values are distinct when their code points
/// differ. A URL is also accepted with its port removed (when it has one) or with the scheme's
/// default port added (443 for https, 80 otherwise), since the carrier may sign either form.
///
/// The webhooks are form bodies only (any other type is refused with 415), so the reference
/// libraries' `bodySHA256` check of JSON bodies never applies.
public enum TwilioSignature {
    /// The header that carries the signature.
    public static let headerName = "X-Twilio-Signature"

    /// The signature of `url` and `fields` under `authToken`, base64-encoded.
    public static func signature(url: String, fields: [FormParameters.Field], authToken: String) -> String {
        let code = HMAC<Insecure.SHA1>.authenticationCode(
            for: signedBytes(url: url, fields: fields), using: SymmetricKey(data: Array(authToken.utf8)))
        return Data(code).base64EncodedString()
    }

    /// The signed text: `url`, then for each distinct name in sorted order, the name followed by
    /// each of its distinct values in sorted order.
    public static func payload(url: String, fields: [FormParameters.Field]) -> String {
        String(decoding: signedBytes(url: url, fields: fields), as: UTF8.self)
    }

    /// ``payload(url:fields:)`` as UTF-8. Names and values are keyed by their bytes: Swift's
    /// `String` equality would merge canonically equivalent texts the reference libraries keep
    /// apart (`é` and `e` + U+0301).
    static func signedBytes(url: String, fields: [FormParameters.Field]) -> [UInt8] {
        var valuesByName: [[UInt8]: Set<[UInt8]>] = [:]
        for field in fields {
            valuesByName[Array(field.name.utf8), default: []].insert(Array(field.value.utf8))
        }
        var bytes = Array(url.utf8)
        for name in valuesByName.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for value in valuesByName[name, default: []].sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                bytes += name
                bytes += value
            }
        }
        return bytes
    }

    /// Whether `signature` is valid for `url` (or its form with the port removed or the default
    /// port added) and `fields`; compared in constant time.
    public static func isValid(signature: String, url: String, fields: [FormParameters.Field], authToken: String) -> Bool {
        let given = Array(signature.trimmingCharacters(in: .whitespaces).utf8)
        guard !given.isEmpty else { return false }
        var valid = false
        for candidate in urlVariants(url) {
            let expected = Array(Self.signature(url: candidate, fields: fields, authToken: authToken).utf8)
            // Every variant is computed and compared, so timing does not reveal which matched.
            valid = ConstantTime.equal(given, expected) || valid
        }
        return valid
    }

    /// `url` as given, plus, like the reference libraries, the same URL with its port removed
    /// when it has one (any port), or with the scheme's default port added when it has none
    /// (443 for https, 80 otherwise). Only the authority changes; the rest is kept byte for byte.
    static func urlVariants(_ url: String) -> [String] {
        guard let separator = url.range(of: "://") else { return [url] }
        let authorityEnd = url[separator.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        let authority = url[separator.upperBound..<authorityEnd]
        let hostStart = authority.lastIndex(of: "@").map(authority.index(after:)) ?? authority.startIndex
        // A port follows the last ":" after the host, which may be an IPv6 literal in brackets.
        let portSearch = authority[hostStart...].lastIndex(of: "]") ?? hostStart
        if let colon = authority[portSearch...].lastIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return [url] }
            return [url, String(url[..<colon] + url[authorityEnd...])]
        }
        let defaultPort = url[..<separator.lowerBound].lowercased() == "https" ? 443 : 80
        return [url, String(url[..<authorityEnd]) + ":\(defaultPort)" + String(url[authorityEnd...])]
    }
}
