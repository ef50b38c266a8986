/// A JSON value as written in a configuration file, objects keeping their keys in file order.
///
/// The configuration is read through this type rather than straight into `Decodable` structs so
/// that every error can name the key path and quote the value that was found, unknown keys can be
/// refused, and syntax errors can give a line and column.
public enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, with the text it was written as (so errors quote it exactly).
    case number(Double, text: String)
    case string(String)
    case array([ConfigValue])
    /// An object's members in file order; keys are unique (the parser refuses duplicates).
    case object([Member])

    /// One `"key": value` pair of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: ConfigValue

        public init(_ key: String, _ value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    /// How the value reads in an error message: strings in JSON quotes (`"80a"`), numbers as
    /// written, `true`/`false`/`null`, and `a list`/`an object` for containers.
    public var quoted: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(_, let text): text
        case .string(let text): Self.jsonQuoted(text)
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    static func jsonQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension ConfigValue: Decodable {
    /// Reads any JSON value from a `Decoder`, so the configuration types can also be decoded with
    /// `JSONDecoder` (which, unlike ``parse(_:)``, cannot report duplicate keys or positions).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            let text = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            self = .number(value, text: text)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigValue].self) {
            self = .array(value)
        } else {
            let members = try container.decode([String: ConfigValue].self)
            self = .object(members.sorted { $0.key < $1.key }.map { Member($0.key, $0.value) })
        }
    }
}
