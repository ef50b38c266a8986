import Foundation
import GRDB
import TextingCore
import TextingStore

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a returned write
/// survives power loss. Writes from concurrent sessions share commits (``GroupCommitter``);
/// reads run in parallel on the pool's readers.
public final class SQLiteStore: MessageStore {
    let pool: DatabasePool
    let committer: GroupCommitter

    /// WAL pages after which a commit checkpoints. The ``WALCheckpointer`` copies the log back
    /// beside the commits, so this checkpoint finds all but the last few milliseconds of frames
    /// copied already: it copies those, and then SQLite starts the log over at the next commit,
    /// which a checkpoint beside a stream of commits cannot bring about (it never catches up
    /// with the last frame; the log grew by 700 MB in 20 s without this). That commit still
    /// waits 10-25 ms for the copy and the sync, the main part of the open-loop tail; a restart
    /// checkpoint beside the commits and other page counts were measured and were not better
    /// (Docs/performance.md, "What the remaining tail is made of").
    public static let checkpointPages = 10_000

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    /// `beforeMigrating` is told the names of the migrations still to run, before they run, when
    /// there are any (an upgrade may take seconds per million messages).
    public init(path: String, beforeMigrating: ([String]) -> Void = { _ in }) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
        }
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        let migrator = Schema.migrator
        let pending = try pool.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.filter { !applied.contains($0) }
        }
        if !pending.isEmpty { beforeMigrating(pending) }
        try migrator.migrate(pool)
        let checkpointer = try WALCheckpointer(path: path)
        committer = GroupCommitter(writer: pool, afterCommit: { checkpointer.commitDidHappen() })
    }

    /// Runs SQLite's own consistency check; returns its findings, `["ok"]` when sound.
    public func integrityCheck() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Forces the WAL into the main file; used before backups and at shutdown.
    public func checkpoint() async throws {
        _ = try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}

extension Database {
    /// Runs `sql` through this connection's statement cache, so a statement of the write path is
    /// parsed once per connection instead of on every text (parsing was 15% of the daemon's CPU
    /// per inbound webhook before).
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

/// Dates are stored as seconds since 1970 (REAL), which keeps comparisons in SQL cheap.
extension Date {
    var storageValue: Double { timeIntervalSince1970 }
    init(storageValue: Double) { self.init(timeIntervalSince1970: storageValue) }
}

/// A stored value that no longer parses: the database was edited by hand or is damaged.
struct CorruptRow: Error, CustomStringConvertible {
    let table: String
    let column: String
    let value: String
    var description: String { "stored \(table).\(column) value '\(value)' is not valid" }
}

extension Row {
    func phone(_ column: String, table: String) throws -> PhoneNumber {
        let text: String = self[column]
        guard let phone = PhoneNumber(e164: text) else { throw CorruptRow(table: table, column: column, value: text) }
        return phone
    }

    func date(_ column: String) -> Date? {
        (self[column] as Double?).map(Date.init(storageValue:))
    }
}
