import Foundation

/// JSON columns (hours, bot state, app account, media lists) as both stores write them: keys
/// sorted, so the same value is always the same text and `store copy` moves it as it is.
public enum StoredJSON {
    /// The column's text for `value`; nil for nil.
    public static func encode<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value of a JSON column; nil when NULL or empty.
    public static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text, !text.isEmpty else { return nil }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
