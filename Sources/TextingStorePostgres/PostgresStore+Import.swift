import Foundation
import Logging
import NIOCore
import PostgresNIO
import TextingCore
import TextingStore

extension PostgresStore {
    /// One value to import, as the source database held it.
    public enum ImportValue: Sendable, Hashable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// The advisory lock a copy holds for its transaction, so two copies into one database do not
    /// both find it empty.
    static let importLock: Int64 = 7702

    /// Tables that hold no data of an installation: the migration bookkeeping.
    static let bookkeepingTables: Set<String> = ["schema_migration"]

    /// Runs `body` in one transaction on one connection, for `twowayd store copy`: everything it
    /// inserts is committed together or not at all, so a copy that fails leaves the database as
    /// empty as it found it. Run ``migrate(beforeMigrating:)`` first.
    ///
    /// - Throws: what `body` throws (a coded ``TextingError`` as it is), or the database's error.
    public func importing<Result: Sendable>(_ body: (Importer) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.importLock))", logger: logger)
                return try await body(Importer(connection: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            if let coded = error.closureError as? TextingError { throw coded }
            throw error.closureError ?? error.commitError ?? error
        }
    }

    /// The statements of one import transaction (``PostgresStore/importing(_:)``), generic over
    /// the schema's tables: they are named, never listed here.
    public struct Importer {
        let connection: PostgresConnection
        let logger: Logger

        /// The column types (`information_schema` names, e.g. `bigint`) of `table`, by column
        /// name; empty when there is no such table.
        public func columnTypes(of table: String) async throws -> [String: String] {
            let rows = try await connection.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(table)
                """, logger: logger)
            var types: [String: String] = [:]
            for try await (name, type) in rows.decode((String, String).self) { types[name] = type }
            return types
        }

        /// The tables of the database (but the migration bookkeeping) that hold at least one row.
        public func tablesHoldingRows() async throws -> [String] {
            let rows = try await connection.query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                """, logger: logger)
            var names: [String] = []
            for try await (name) in rows.decode(String.self) where !PostgresStore.bookkeepingTables.contains(name) {
                names.append(name)
            }
            var holding: [String] = []
            for name in names {
                let query = PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(Self.quoted(name)))")
                for try await (exists) in try await connection.query(query, logger: logger).decode(Bool.self) where exists {
                    holding.append(name)
                }
            }
            return holding
        }

        /// How many rows `table` holds.
        public func count(_ table: String) async throws -> Int {
            let query = PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(Self.quoted(table))")
            for try await (count) in try await connection.query(query, logger: logger).decode(Int64.self) {
                return Int(count)
            }
            return 0
        }

        /// Streams rows into `table` with one `COPY ... FROM STDIN`: `produce` calls its argument
        /// with each batch of rows (values in `columns` order) until there are no more. Each value
        /// is converted to its column's type from `types` (``columnTypes(of:)``) and sent as it is
        /// (numbers in a form that reads back to the same bits).
        ///
        /// - Throws: `store_copy.value` naming the table and column when a value does not fit its
        ///   column (text in a number column, U+0000 in text); what `produce` throws; the
        ///   database's error otherwise.
        public func copy(
            into table: String, columns: [String], types: [String: String],
            rows produce: (_ send: ([[ImportValue]]) async throws -> Void) async throws -> Void
        ) async throws {
            let columnTypes = columns.map { types[$0] ?? "text" }
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                try await produce { rows in
                    var line = ""
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(rows.count * columns.count * 16)
                    for row in rows {
                        line.removeAll(keepingCapacity: true)
                        for (index, value) in row.enumerated() {
                            if index > 0 { line += "\t" }
                            try Self.append(value, as: columnTypes[index], to: &line, table: table, column: columns[index])
                        }
                        line += "\n"
                        buffer.writeString(line)
                    }
                    try await writer.write(buffer)
                }
            }
        }

        /// Moves every identity sequence of `table` past its largest id, so the next row a daemon
        /// inserts gets a new id (an empty table keeps its sequence as it is).
        public func advanceIdentities(of table: String) async throws {
            let rows = try await connection.query("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(table) AND is_identity = 'YES'
                """, logger: logger)
            var columns: [String] = []
            for try await (name) in rows.decode(String.self) { columns.append(name) }
            for column in columns {
                let query = PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence($1, $2), max(\(Self.quoted(column)))) FROM \(Self.quoted(table))
                    """, binds: Self.bindings([Self.quoted(table), column]))
                try await connection.query(query, logger: logger)
            }
        }

        /// Appends `value` to a line of `COPY`'s text format as the column type `type` reads it:
        /// `\N` for NULL, numbers in decimal (doubles in Swift's shortest form that reads back
        /// to the same bits), text with backslash, tab, newline and carriage return escaped.
        static func append(
            _ value: ImportValue, as type: String, to line: inout String, table: String, column: String
        ) throws(TextingError) {
            func unfit(_ what: String) -> TextingError {
                TextingError(.init("store_copy.value"),
                    "\(table).\(column) holds \(what), which its PostgreSQL column (\(type)) cannot take; nothing was copied.")
            }
            switch (value, type) {
            case (.null, _):
                line += "\\N"
            case (.integer(let number), "bigint"), (.integer(let number), "integer"), (.integer(let number), "smallint"):
                line += String(number)
            case (.real(let number), "bigint"), (.real(let number), "integer"), (.real(let number), "smallint"):
                guard let whole = Int64(exactly: number) else { throw unfit("the fraction \(number)") }
                line += String(whole)
            case (.integer(let number), "double precision"), (.integer(let number), "real"):
                line += Double(number).description
            case (.real(let number), "double precision"), (.real(let number), "real"):
                line += number.isFinite ? number.description : number < 0 ? "-Infinity" : "Infinity"
            case (.text(let text), "text"):
                guard StoredText.isStorable(text) else { throw unfit("a NUL character (U+0000)") }
                escape(text, into: &line)
            case (.blob(let bytes), "bytea"):
                line += "\\\\x"
                for byte in bytes {
                    line += String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
                }
            case (.text, _):
                throw unfit("text")
            case (.blob, _):
                throw unfit("binary data")
            case (.integer(let number), _):
                throw unfit("the number \(number)")
            case (.real(let number), _):
                throw unfit("the number \(number)")
            }
        }

        /// `text` in `COPY`'s text format.
        static func escape(_ text: String, into line: inout String) {
            guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                line += text
                return
            }
            for character in text.unicodeScalars {
                switch character {
                case "\\": line += "\\\\"
                case "\t": line += "\\t"
                case "\n": line += "\\n"
                case "\r": line += "\\r"
                default: line.unicodeScalars.append(character)
                }
            }
        }

        static func bindings(_ texts: [String]) -> PostgresBindings {
            var bindings = PostgresBindings()
            for text in texts { bindings.append(text) }
            return bindings
        }

        static func quoted(_ identifier: String) -> String {
            "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
