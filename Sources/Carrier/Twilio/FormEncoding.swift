/// `application/x-www-form-urlencoded` encoding as Twilio's REST API reads it: names and values
/// percent-encoded as UTF-8 except the RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`),
/// pairs joined by `&`, a repeated name (`MediaUrl`) written once per value, in the given order.
/// Also used for query strings, where the same rules are safe.
enum FormEncoding {
    /// `name=value&name=value…` for `fields`.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// One name, value or path segment, percent-encoded.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF")
}
