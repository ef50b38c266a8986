import Foundation
import Logging
import Systemd
import TextingCore
import TextingStore
import TextingStorePostgres
import TextingStoreSQLite

/// The database the daemon opened (`store.kind`), and what only one kind has.
struct OpenedStore: Sendable {
    let store: any MessageStore & AccountStore
    /// SQLite only: backups, checkpoints, the outbox age gauge.
    let sqlite: SQLiteStore?
    /// PostgreSQL only: the connection pool's task, cancelled at shutdown.
    let pool: Task<Void, Never>?
    /// The age in seconds of the oldest due outbox row (the metrics gauge).
    let outboxAge: @Sendable (Date) async throws -> Double?

    /// Several daemons may share this store (M1): claims are leased, pacing is booked in the
    /// store, and practices are reread every second.
    var isShared: Bool { sqlite == nil }

    /// Closes the connections (PostgreSQL) after every service stopped.
    func close() async {
        pool?.cancel()
        await pool?.value
    }
}

extension TwowayDaemon {
    /// Opens the configured store and brings its schema up to date: the SQLite file in the state
    /// directory, or the PostgreSQL database whose URL is the credential `postgres-url`.
    static func openStore(
        _ loaded: LoadedConfiguration, stateDirectory: String, logger: Logger
    ) async throws -> OpenedStore {
        let migrating: ([String]) -> Void = { pending in
            // An upgrade can outlast systemd's start timeout on a large database (a new index
            // over every message takes seconds per million): ask for 30 minutes more.
            logger.notice("database schema migrating", metadata: [
                "event": "database_migrating", "migrations": "\(pending.joined(separator: ","))",
            ])
            SystemdNotifier.notify([
                .status("upgrading the database (\(pending.count) step\(pending.count == 1 ? "" : "s"))"),
                .extendTimeout(microseconds: 30 * 60 * 1_000_000),
            ])
        }
        switch loaded.configuration.store.kind {
        case .sqlite:
            let path = (stateDirectory as NSString).appendingPathComponent(databaseFileName)
            do {
                let store = try SQLiteStore(path: path, beforeMigrating: migrating)
                return OpenedStore(store: store, sqlite: store, pool: nil,
                                   outboxAge: { now in try await store.oldestDueOutboxAge(now: now) })
            } catch {
                throw StartupError(.init("startup.database"), "Cannot open the database \(path): \(error)")
            }
        case .postgres:
            let name = DaemonConfiguration.Store.postgresURLCredential
            guard let url = loaded.credentials.secret(named: name) else {
                throw StartupError(.init("startup.database"), """
                    store.kind is postgres but the credential \(name) (the database URL) was not found; \
                    looked in: \(loaded.credentials.searched.joined(separator: ", "))
                    """)
            }
            var configuration: PostgresStore.Configuration
            do {
                configuration = try PostgresStore.Configuration(url: url)
            } catch {
                throw StartupError(.init("startup.database"), "The credential \(name): \(error.message)")
            }
            configuration.maxConnections = loaded.configuration.store.maxConnections
            let postgres = PostgresStore(configuration: configuration, logger: Logger(label: "twowayd.postgres"))
            let pool = Task { await postgres.run() }
            do {
                try await postgres.migrate(beforeMigrating: migrating)
            } catch {
                pool.cancel()
                throw StartupError(.init("startup.database"),
                                   "Cannot open the PostgreSQL database \(configuration.description): \(error)")
            }
            logger.notice("database is PostgreSQL", metadata: [
                "event": "database_opened", "kind": "postgres", "database": "\(configuration.description)",
            ])
            return OpenedStore(store: postgres, sqlite: nil, pool: pool,
                               outboxAge: { now in try await postgres.oldestDueOutboxAge(now: now) })
        }
    }
}
