import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Brings the database's schema up to date: applies the migrations not yet recorded in
    /// `schema_migration`, in order, each in its own transaction with its row.
    ///
    /// Runs under a PostgreSQL advisory lock on one connection, so a second daemon starting at the
    /// same time waits for the first and then finds nothing to do. `beforeMigrating` is told the
    /// names of the migrations still to run, before they run, when there are any. The pool must be
    /// running (``run()``).
    public func migrate(beforeMigrating: ([String]) -> Void = { _ in }) async throws {
        let lock = PostgresSchema.migrationLock
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lock))", logger: logger)
            do {
                let pending = try await pendingMigrations(on: connection)
                if !pending.isEmpty { beforeMigrating(pending.map(\.id)) }
                for migration in pending { try await apply(migration, on: connection) }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
        }
    }

    /// The names of the migrations recorded as applied.
    public func appliedMigrations() async throws -> [String] {
        let rows = try await client.query("SELECT id FROM schema_migration ORDER BY applied_at, id", logger: logger)
        var names: [String] = []
        for try await (id) in rows.decode(String.self) { names.append(id) }
        return names
    }

    /// Creates the bookkeeping table when missing and returns the migrations it does not list.
    private func pendingMigrations(on connection: PostgresConnection) async throws -> [PostgresSchema.Migration] {
        try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.migrationTable), logger: logger)
        var applied: Set<String> = []
        for try await (id) in try await connection.query("SELECT id FROM schema_migration", logger: logger).decode(String.self) {
            applied.insert(id)
        }
        return PostgresSchema.migrations.filter { !applied.contains($0.id) }
    }

    /// Runs one migration and records it, in one transaction.
    private func apply(_ migration: PostgresSchema.Migration, on connection: PostgresConnection) async throws {
        let appliedAt = clock().timeIntervalSince1970
        try await connection.withTransaction(logger: logger) { transaction in
            for statement in migration.statements {
                try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await transaction.query(
                "INSERT INTO schema_migration (id, applied_at) VALUES (\(migration.id), \(appliedAt))", logger: logger)
        }
        logger.info("database migration applied", metadata: ["event": "database_migrated", "migration": "\(migration.id)"])
    }
}
