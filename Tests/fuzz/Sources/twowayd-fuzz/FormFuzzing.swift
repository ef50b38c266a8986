import Daemon

/// `FormParameters(decoding:)` (the webhook body parser).
///
/// Properties: it never traps; it fails only with its two documented codes; a decoded form,
/// encoded again with every byte escaped, decodes to the same fields in the same order; the
/// subscript returns the first value of a repeated name.
enum FormFuzzing {
    static func run(_ bytes: [UInt8]) {
        let form: FormParameters
        do {
            form = try FormParameters(decoding: bytes)
        } catch {
            guard error.code == "form.bad_escape" || error.code == "form.not_utf8" else {
                violated("documented error codes", "\(error.code)")
            }
            return
        }
        let encoded = form.fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
        do {
            let again = try FormParameters(decoding: Array(encoded.utf8))
            guard again.fields == form.fields else {
                violated("encode/decode round trip", "\(form.fields) became \(again.fields)")
            }
        } catch {
            violated("a re-encoded form decodes", "\(encoded): \(error)")
        }
        for field in form.fields {
            guard let first = form[field.name], first == form.values(of: field.name).first else {
                violated("subscript is the first value", field.name)
            }
        }
    }

    /// Every byte but ASCII letters and digits as `%XX`.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }
}
