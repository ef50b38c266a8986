/// Small text helpers shared by the hours value types (parsing digits, padding, decoding errors).
enum HoursSyntax {
    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = text.firstIndex { !isBlank($0) } ?? text.endIndex
        let end = text.lastIndex { !isBlank($0) }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }

    /// The value of a run of ASCII digits whose length is in `digits`, or nil.
    static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count) else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` with at least two digits (`7` → `"07"`).
    static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : "\(value)"
    }

    /// `value` with at least four digits (`812` → `"0812"`).
    static func fourDigits(_ value: Int) -> String {
        let text = "\(value)"
        return value >= 0 && text.count < 4 ? String(repeating: "0", count: 4 - text.count) + text : text
    }

    /// A `DecodingError.dataCorrupted` at the decoder's position that carries `error` (its message as
    /// the description, the error itself as `underlyingError`, so callers can read the code).
    static func decodingError(_ error: TextingError, _ decoder: any Decoder) -> DecodingError {
        decodingError(error, at: decoder.codingPath)
    }

    static func decodingError(_ error: TextingError, at path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: error.message, underlyingError: error))
    }
}

/// A coding key for dictionary entries whose keys are data (weekday names, dates).
struct HoursCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
