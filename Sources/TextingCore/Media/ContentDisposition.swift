import Foundation

/// A `Content-Disposition` header value for a served file (RFC 6266), used by every door that
/// serves one: the signed media links (R5) and the staff API's media route.
public enum ContentDisposition: String, Sendable {
    /// Shown by the browser (photos, the PDFs a client opens from a text).
    case inline
    /// Saved by the browser.
    case attachment

    /// `<kind>; filename="<ASCII name>"; filename*=UTF-8''<percent-encoded name>`: in the plain
    /// form quotes, backslashes, control and non-ASCII characters become `_`; the extended form
    /// carries the exact name.
    public func header(fileName: String) -> String {
        let plain = String(fileName.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
                ? Character(scalar) : "_"
        })
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: Self.attributeCharacters) ?? plain
        return "\(rawValue); filename=\"\(plain)\"; filename*=UTF-8''\(encoded)"
    }

    /// RFC 5987's attr-char: what may stand unencoded in `filename*`.
    private static let attributeCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
}
