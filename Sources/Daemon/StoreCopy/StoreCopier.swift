import Foundation
import Logging
import TextingCore
import TextingStorePostgres
import TextingStoreSQLite

/// `twowayd store copy`: moves an installation's SQLite database into an empty PostgreSQL
/// database, table by table, parents before children, with the same column names and values.
///
/// The source is read in one snapshot (``SQLiteStore/Export``), so a daemon may keep running on
/// it: the copy holds every commit made before it started and none after. The target is
/// migrated first, must hold no row in any table, and is filled in one transaction, so a copy
/// that fails leaves it empty. Each table's rows in the target are counted against the source
/// before the transaction commits; identity sequences are then moved past the copied ids.
/// Tables and columns only PostgreSQL has (`phone_session`, `send_lane`, `claimed_until`) stay
/// empty; `schema_migration` is the migration's own.
public struct StoreCopier: Sendable {
    /// Rows read from SQLite and sent to PostgreSQL at a time.
    public var rowsPerPage = 1_000
    /// How long reaching and migrating the target may take before the copy gives up.
    public var connectTimeout: Duration = .seconds(20)
    /// Told about progress in words (`message: 200000 of 1000000 rows`), at most every few seconds.
    public var progress: @Sendable (String) -> Void
    let logger: Logger

    public init(logger: Logger, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.logger = logger
        self.progress = progress
    }

    /// Copies the SQLite database at `source` into the PostgreSQL database `target`.
    ///
    /// - Throws: `store_copy.target_not_empty` when the target holds any row (nothing is
    ///   copied); `store_copy.unreachable` when the target cannot be reached or migrated in
    ///   ``connectTimeout``; `store_copy.source_*` when the source cannot be read;
    ///   `store_copy.target_schema` when the target lacks a table or column of the source;
    ///   `store_copy.count_mismatch` when a table's count differs after the copy (rolled back).
    public func copy(from source: String, to target: PostgresStore.Configuration) async throws -> StoreCopyReport {
        let export = try SQLiteStore.Export(path: source)
        let failures = ConnectionFailures()
        let store = PostgresStore(configuration: target, logger: failures.logger(forwardingTo: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await migrate(store, described: target.description, failures: failures)
            let started = ContinuousClock.now
            let tables = try await store.importing { importer in
                try await copyTables(of: export, with: importer)
            }
            return StoreCopyReport(tables: tables, duration: ContinuousClock.now - started)
        }
    }

    /// Runs the target's migrations, giving up at the first failed connection attempt (with the
    /// reason) or after ``connectTimeout``.
    func migrate(_ store: PostgresStore, described: String, failures: ConnectionFailures) async throws {
        let unreachable = { (reason: String) in
            TextingError(.init("store_copy.unreachable"),
                "Cannot reach the PostgreSQL database \(described): \(reason). Check the address, the password and that the server accepts connections from this machine.")
        }
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await store.migrate(); return true }
                group.addTask {
                    let deadline = ContinuousClock.now + connectTimeout
                    while ContinuousClock.now < deadline, failures.reason == nil { try await Task.sleep(for: .milliseconds(50)) }
                    return false
                }
                let migrated = try await group.next() ?? false
                group.cancelAll()
                if !migrated {
                    throw unreachable(failures.reason ?? "no answer within \(connectTimeout.components.seconds) seconds")
                }
            }
        } catch let error as TextingError {
            throw error
        } catch {
            throw unreachable(String(describing: error))
        }
    }

    /// Checks the target, then copies every table of `export` through `importer`.
    func copyTables(of export: SQLiteStore.Export, with importer: PostgresStore.Importer) async throws -> [CopiedTable] {
        let holding = try await importer.tablesHoldingRows()
        guard holding.isEmpty else {
            throw TextingError(.init("store_copy.target_not_empty"),
                "The PostgreSQL database already holds data (in \(holding.joined(separator: ", "))); store copy only fills an empty database. Nothing was copied. Create a new database and copy into it.")
        }
        var types: [String: [String: String]] = [:]
        for table in export.tables {
            let columns = try await importer.columnTypes(of: table.name)
            guard !columns.isEmpty else { throw Self.schemaMismatch("has no table \(table.name)") }
            if let missing = table.columns.first(where: { columns[$0] == nil }) {
                throw Self.schemaMismatch("has no column \(table.name).\(missing)")
            }
            types[table.name] = columns
        }
        var copied: [CopiedTable] = []
        for table in export.tables {
            let rows = try await copy(table, of: export, types: types[table.name] ?? [:], with: importer)
            let stored = try await importer.count(table.name)
            guard rows == table.rowCount, stored == table.rowCount else {
                throw TextingError(.init("store_copy.count_mismatch"),
                    "\(table.name): \(table.rowCount) rows in SQLite, \(rows) read, \(stored) in PostgreSQL; nothing was copied.")
            }
            try await importer.advanceIdentities(of: table.name)
            copied.append(CopiedTable(name: table.name, rows: stored))
        }
        return copied
    }

    /// Copies one table with one `COPY`, reading the next page of the snapshot while the
    /// previous one is sent; returns the rows read.
    func copy(
        _ table: SQLiteStore.Export.Table, of export: SQLiteStore.Export, types: [String: String],
        with importer: PostgresStore.Importer
    ) async throws -> Int {
        let limit = rowsPerPage
        var rows = 0
        var reported = ContinuousClock.now
        try await importer.copy(into: table.name, columns: table.columns, types: types) { send in
            var page = try await export.page(of: table, after: 0, limit: limit)
            while true {
                let next = page.next
                let reading = Task { () async throws -> SQLiteStore.Export.Page? in
                    guard let next else { return nil }
                    return try await export.page(of: table, after: next, limit: limit)
                }
                do {
                    try await send(page.rows.map { $0.map(Self.importValue) })
                } catch {
                    reading.cancel()
                    throw error
                }
                rows += page.rows.count
                if ContinuousClock.now - reported > .seconds(5) {
                    reported = ContinuousClock.now
                    progress("\(table.name): \(rows) of \(table.rowCount) rows")
                }
                guard let following = try await reading.value else { return }
                page = following
            }
        }
        return rows
    }

    static func importValue(_ value: SQLiteStore.Export.Value) -> PostgresStore.ImportValue {
        switch value {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .text(let text): .text(text)
        case .blob(let bytes): .blob(bytes)
        }
    }

    static func schemaMismatch(_ what: String) -> TextingError {
        TextingError(.init("store_copy.target_schema"),
            "The PostgreSQL database \(what), which the SQLite database has; use the same version of twowayd for both. Nothing was copied.")
    }
}

/// One table `store copy` filled, and how many rows it holds now.
public struct CopiedTable: Sendable, Hashable {
    /// The table's name.
    public var name: String
    /// Rows in the target after the copy (equal to the source's).
    public var rows: Int
}

/// What `store copy` did.
public struct StoreCopyReport: Sendable {
    /// Every table of the source, in the order copied.
    public var tables: [CopiedTable]
    /// How long the copy itself took (after the target was migrated).
    public var duration: Duration

    /// Rows of every table together.
    public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }

    /// Rows per second over the whole copy.
    public var rowsPerSecond: Double {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds > 0 ? Double(totalRows) / seconds : 0
    }

    /// The lines `twowayd store copy` prints: `table: rows`, then the total and the rate.
    public var lines: [String] {
        tables.map { "\($0.name): \($0.rows) rows" } + [
            String(format: "copied %d rows in %.1f s (%.0f rows/s)", totalRows,
                   Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18, rowsPerSecond),
        ]
    }
}
