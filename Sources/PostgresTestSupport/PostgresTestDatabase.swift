import Foundation
import Logging
import TextingStorePostgres

/// Test support only: a fresh PostgreSQL database per test, on the test process's server
/// (``PostgresTestServer``), dropped after the test.
///
///     try await PostgresTestDatabase.withFreshStore { store in ... }
///
/// or, for several daemons' stores on one database:
///
///     try await PostgresTestDatabase.withFresh { database in
///         try await database.withStore { first in
///             try await database.withStore { second in ... }
///         }
///     }
public struct PostgresTestDatabase: Sendable {
    /// The database's name (`t_` and 32 hexadecimal digits).
    public var name: String
    /// Its connection URL (`postgres://…/name?sslmode=disable`).
    public var url: String

    /// Runs `body` with a new database holding the store's schema (no rows), then drops it (also
    /// when `body` throws).
    public static func withFresh<Value>(_ body: (PostgresTestDatabase) async throws -> Value) async throws -> Value {
        let created = try await PostgresTestServer.shared.createMigratedDatabase()
        let database = PostgresTestDatabase(name: created.name, url: created.url)
        let result: Result<Value, any Error>
        do { result = .success(try await body(database)) } catch { result = .failure(error) }
        try await PostgresTestServer.shared.dropDatabase(named: created.name)
        return try result.get()
    }

    /// Runs `body` with a migrated store on a new database, its pool running, then drops the
    /// database.
    public static func withFreshStore<Value>(clock: @escaping @Sendable () -> Date = { Date() },
                                              _ body: (PostgresStore) async throws -> Value) async throws -> Value {
        try await withFresh { database in try await database.withStore(clock: clock, body) }
    }

    /// Runs `body` with a store on this database (a daemon's own pool), migrated, its pool
    /// running in a child task that is cancelled when `body` returns.
    public func withStore<Value>(clock: @escaping @Sendable () -> Date = { Date() },
                                  _ body: (PostgresStore) async throws -> Value) async throws -> Value {
        let store = PostgresStore(configuration: try .init(url: url), clock: clock, logger: Self.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            // Nothing to apply on a copy of the migrated template; run as a daemon starts.
            try await store.migrate()
            return try await body(store)
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "twowayd-test-postgres")
        logger.logLevel = .error
        return logger
    }()
}
