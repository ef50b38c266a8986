/// `application/x-www-form-urlencoded` as a carrier sends it: unreserved characters as they
/// are, space as `+`, every other byte of the UTF-8 form as `%XX`.
public enum FormEncoding {
    /// `name=value&…` for `fields` in the given order.
    public static func encode(_ fields: [(name: String, value: String)]) -> String {
        var output = ""
        output.reserveCapacity(fields.count * 24)
        for (position, field) in fields.enumerated() {
            if position > 0 { output += "&" }
            output += escape(field.name)
            output += "="
            output += escape(field.value)
        }
        return output
    }

    /// One name or value, escaped.
    public static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "*"):
                bytes.append(byte)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "+"))
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
