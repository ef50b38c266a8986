import Foundation
import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    /// A read-only, unchanging view of a store's file, table by table, for `twowayd store copy`.
    ///
    /// It reads one snapshot: a single read transaction opened when the export is made and kept
    /// until it is released, so every table is read as it was at that instant (every commit before
    /// it, none after) while a daemon goes on writing the same file (WAL lets readers and the
    /// writer run together). Nothing is written to the file, not even a migration: a file of an
    /// older or newer twowayd is refused.
    public final class Export: Sendable {
        /// One table of the schema: its columns in declaration order and its rows in the snapshot.
        public struct Table: Sendable, Hashable {
            /// The table's name (the same in every store).
            public var name: String
            /// Its columns, in declaration order.
            public var columns: [String]
            /// Rows in the snapshot.
            public var rowCount: Int
            /// The tables its foreign keys refer to.
            public var parents: [String]
        }

        /// One stored value, as SQLite holds it.
        public enum Value: Sendable, Hashable {
            case null
            case integer(Int64)
            case real(Double)
            case text(String)
            case blob([UInt8])
        }

        /// A page of rows (values in ``Table/columns`` order) and where the next page starts.
        public struct Page: Sendable {
            /// The rows, each in ``Table/columns`` order.
            public var rows: [[Value]]
            /// The position to pass as `after` for the next page; nil when this was the last.
            public var next: Int64?
        }

        let snapshot: DatabaseSnapshot
        /// Every table of the schema, each after the tables its foreign keys refer to.
        public let tables: [Table]

        /// Opens `path` read-only and takes the snapshot.
        ///
        /// - Throws: `store_copy.source_missing` when there is no such file,
        ///   `store_copy.source_unreadable` when it is not a database this process can read,
        ///   `store_copy.source_version` when its schema is not this twowayd's.
        public init(path: String) throws(TextingError) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw TextingError(.init("store_copy.source_missing"),
                    "There is no SQLite database at \(path) (or this user may not enter its folder).")
            }
            do {
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(10)
                let pool = try DatabasePool(path: path, configuration: configuration)
                snapshot = try pool.makeSnapshot()
                try snapshot.read { db in try Self.checkVersion(db, path: path) }
                tables = try snapshot.read { db in try Self.readTables(db) }
            } catch let error as TextingError {
                throw error
            } catch {
                throw TextingError(.init("store_copy.source_unreadable"),
                    "Cannot read the SQLite database at \(path): \(error). Run the copy as root or as the user twowayd runs as: a database in WAL mode is read with write access to its folder.")
            }
        }

        /// Up to `limit` rows of `table` after position `after` (0 for the first page), in the
        /// order they were written.
        public func page(of table: Table, after: Int64, limit: Int) async throws -> Page {
            let columns = table.columns.map(Self.quoted).joined(separator: ", ")
            let sql = "SELECT rowid, \(columns) FROM \(Self.quoted(table.name)) WHERE rowid > ? ORDER BY rowid LIMIT ?"
            return try await snapshot.read { db in
                var rows: [[Value]] = []
                rows.reserveCapacity(limit)
                var last: Int64 = after
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: [after, limit])
                while let row = try cursor.next() {
                    last = row[0]
                    var values: [Value] = []
                    values.reserveCapacity(row.count - 1)
                    for index in 1..<row.count { values.append(Self.value(row[index] as DatabaseValue)) }
                    rows.append(values)
                }
                return Page(rows: rows, next: rows.count < limit ? nil : last)
            }
        }

        static func value(_ value: DatabaseValue) -> Value {
            switch value.storage {
            case .null: .null
            case .int64(let number): .integer(number)
            case .double(let number): .real(number)
            case .string(let text): .text(text)
            case .blob(let data): .blob([UInt8](data))
            }
        }

        /// Refuses a file whose migrations are not exactly this build's.
        static func checkVersion(_ db: Database, path: String) throws {
            let migrator = Schema.migrator
            guard try db.tableExists("grdb_migrations"), try migrator.hasCompletedMigrations(db),
                  try !migrator.hasBeenSuperseded(db)
            else {
                throw TextingError(.init("store_copy.source_version"),
                    "The SQLite database at \(path) was not written by this version of twowayd. Run this version of twowayd on it once (it upgrades the file at start), or copy with the twowayd that wrote it.")
            }
        }

        /// The schema's tables (not SQLite's or the migrator's own), parents first, otherwise in
        /// the order they were created.
        static func readTables(_ db: Database) throws -> [Table] {
            let names = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table'
                AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'grdb\\_%' ESCAPE '\\'
                ORDER BY rowid
                """)
            var found: [Table] = []
            for name in names {
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                let parents = try String.fetchAll(db, sql: "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", arguments: [name])
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted(name))") ?? 0
                found.append(Table(name: name, columns: columns, rowCount: count, parents: parents.filter { $0 != name }))
            }
            return ordered(found)
        }

        /// `tables` with every table after its parents (a stable topological order; a cycle,
        /// which the schema does not have, keeps the remaining tables in their given order).
        static func ordered(_ tables: [Table]) -> [Table] {
            var remaining = tables
            var placed: Set<String> = []
            var result: [Table] = []
            let known = Set(tables.map(\.name))
            while !remaining.isEmpty {
                let index = remaining.firstIndex { table in
                    table.parents.allSatisfy { placed.contains($0) || !known.contains($0) }
                } ?? 0
                let table = remaining.remove(at: index)
                placed.insert(table.name)
                result.append(table)
            }
            return result
        }

        static func quoted(_ identifier: String) -> String {
            "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
