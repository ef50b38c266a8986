/// The fields of an `application/x-www-form-urlencoded` body (or a URL query), in order.
///
/// Parsing follows the WHATWG URL standard's urlencoded parser, except that it is strict about
/// bad input instead of passing it through: fields are separated by `&` (empty ones skipped),
/// name and value by the first `=` (a field without one has an empty value), `+` is a space,
/// `%XX` is the byte XX. Repeated names are all kept, in order; unknown names are kept too
/// (the carrier's signature covers every field).
public struct FormParameters: Sendable, Hashable {
    /// One decoded `name=value` pair.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A body that is not valid form encoding.
    public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// `form.bad_escape` (a `%` not followed by two hexadecimal digits) or `form.not_utf8`.
        public var code: String
        /// What is wrong, in words.
        public var message: String

        public var description: String { "\(message) [\(code)]" }
    }

    /// Every field in order.
    public var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Decodes `bytes`.
    ///
    /// - Throws: ``DecodingError`` for a malformed percent escape or text that is not UTF-8
    ///   once decoded.
    public init(decoding bytes: some Collection<UInt8>) throws(DecodingError) {
        var fields: [Field] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let name: [UInt8], value: [UInt8]
            if let equals = part.firstIndex(of: UInt8(ascii: "=")) {
                name = try Self.percentDecode(part[part.startIndex..<equals])
                value = try Self.percentDecode(part[part.index(after: equals)...])
            } else {
                name = try Self.percentDecode(part)
                value = []
            }
            fields.append(Field(try Self.text(name), try Self.text(value)))
        }
        self.fields = fields
    }

    /// The first value of `name` (names are case-sensitive), or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(of name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The fields as `(name, value)` pairs.
    public var pairs: [(String, String)] {
        fields.map { ($0.name, $0.value) }
    }

    private static func percentDecode(_ bytes: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
                index = bytes.index(after: index)
            case UInt8(ascii: "%"):
                let first = bytes.index(after: index)
                guard first != bytes.endIndex, let high = hexValue(bytes[first]) else { throw badEscape() }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let low = hexValue(bytes[second]) else { throw badEscape() }
                output.append(high << 4 | low)
                index = bytes.index(after: second)
            default:
                output.append(byte)
                index = bytes.index(after: index)
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func badEscape() -> DecodingError {
        DecodingError(code: "form.bad_escape", message: "The form body has a \"%\" that is not followed by two hexadecimal digits.")
    }

    private static func text(_ bytes: [UInt8]) throws(DecodingError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DecodingError(code: "form.not_utf8", message: "The form body is not UTF-8 text once decoded.")
        }
        return text
    }
}
