import Foundation
import Testing
import TextingStore
import TextingStoreSQLite

/// What the conformance suite runs against: every store the daemon can use, one protocol.
typealias ConformingStore = MessageStore & AccountStore

/// The stores every scenario of the conformance suite runs on (issue 14): the same test, the
/// same expectations, each store built fresh for the test and torn down after it.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The embedded store on a temporary file (WAL, synchronous=FULL), as the daemon runs it.
    case sqlite
    /// The SQLite store in memory (``SQLiteStore/inMemory()``), for fast unit tests.
    case memory
    /// The shared store on a fresh PostgreSQL database of the test process's server.
    case postgres

    /// Every kind whose store exists in this build: PostgreSQL joins once `PostgresStore`
    /// conforms to the store protocols (``postgresConforms``).
    static var allCases: [StoreKind] {
        postgresConforms ? [.sqlite, .memory, .postgres] : [.sqlite, .memory]
    }

    var testDescription: String { rawValue }
}

/// Runs `body` with a fresh, empty store of `kind` (schema in place, no practice), then tears it
/// down (PostgreSQL: the pool stops and the database is dropped).
func withStore<Value>(_ kind: StoreKind, clock: @escaping @Sendable () -> Date = { Date() },
                      _ body: (any ConformingStore) async throws -> Value) async throws -> Value {
    switch kind {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path))
    case .memory:
        return try await body(try SQLiteStore.inMemory())
    case .postgres:
        return try await withPostgresStore(clock: clock, body)
    }
}
