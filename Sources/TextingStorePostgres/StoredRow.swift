import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// One row of a query, read by column name with the SQLite store's conventions: 0/1 flags in
/// `BIGINT`, dates as `DOUBLE PRECISION` seconds since 1970, phone numbers in E.164, JSON in `TEXT`.
///
/// A column the row lacks throws ``CorruptRow`` instead of stopping the process (postgres-nio's
/// own subscript traps on a missing name).
struct StoredRow {
    let cells: PostgresRandomAccessRow
    /// The table named in errors.
    let table: String

    init(_ row: PostgresRow, table: String) {
        cells = row.makeRandomAccess()
        self.table = table
    }

    /// Whether the query returned `column`.
    func has(_ column: String) -> Bool { cells.contains(column) }

    /// The value of `column`, decoded as `T` (`Optional` for a nullable column).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard cells.contains(column) else { throw CorruptRow(table: table, column: column, value: "(missing)") }
        return try cells[column].decode(T.self)
    }

    /// A 0/1 flag column.
    func flag(_ column: String) throws -> Bool {
        try value(column, as: Int64.self) != 0
    }

    /// A date column that is never NULL.
    func date(_ column: String) throws -> Date {
        Date(storageValue: try value(column, as: Double.self))
    }

    /// A nullable date column.
    func optionalDate(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(storageValue:))
    }

    /// A phone number column (E.164) that is never NULL.
    func phone(_ column: String) throws -> PhoneNumber {
        let text = try value(column, as: String.self)
        guard let phone = PhoneNumber(e164: text) else { throw CorruptRow(table: table, column: column, value: text) }
        return phone
    }

    /// A JSON column, nil when NULL or empty.
    func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
        try StoredJSON.decode(type, try value(column, as: String?.self))
    }

    /// A text column holding the raw value of `T`; any other value throws ``CorruptRow``.
    func enumeration<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let text = try value(column, as: String.self)
        guard let parsed = T(rawValue: text) else { throw CorruptRow(table: table, column: column, value: text) }
        return parsed
    }
}
