import Foundation
import GRDB
import TextingCore
import TextingStore

/// What ``SQLiteStore/backup(to:holdingQueuedOutbox:note:)`` wrote.
public struct DatabaseBackup: Sendable, Hashable {
    /// The copy's path.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int64
    /// Messages in the copy (both directions).
    public var messages: Int
    /// Outbound messages still queued when the copy was taken that the copy records as failed,
    /// so a daemon started on a restored copy does not send them a second time (0 when they were
    /// kept queued).
    public var heldOutbox: Int
}

extension SQLiteStore {
    /// Writes a consistent copy of the database to `path`, while the daemon keeps running.
    ///
    /// The copy is SQLite's `VACUUM INTO` on one of the pool's read connections: it reads one
    /// snapshot (every commit before it started, none after) and never blocks the writer, so
    /// webhooks keep being stored meanwhile. The result is a single compact file (rollback
    /// journal mode; the daemon switches it to WAL when it opens it), owned by the calling
    /// process, with the mode its umask gives.
    ///
    /// With `holdingQueuedOutbox`, the copy's outbound messages that were still queued (outbox
    /// state `pending` or `sending`) are recorded there as failed, with `note` as the outbox
    /// row's error: the running daemon sends them within seconds of the copy, so a daemon started
    /// on the restored copy would otherwise send them again. The live database is not touched.
    ///
    /// - Throws: `backup.exists` when `path` exists; the database's error when the copy fails
    ///   (a partial copy is removed).
    public func backup(to path: String, holdingQueuedOutbox: Bool, note: String) async throws -> DatabaseBackup {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw TextingError(.init("backup.exists"), "The backup file \(path) already exists; choose a new name.")
        }
        do {
            // VACUUM refuses to run inside a transaction, so no deferred BEGIN around it; the
            // statement reads a single snapshot by itself.
            try await pool.unsafeRead { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [path])
            }
            let queue = try DatabaseQueue(path: path)
            let (messages, held) = try await queue.write { db in
                let held = holdingQueuedOutbox ? try Self.holdQueuedOutbox(db, note: note) : 0
                return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") ?? 0, held)
            }
            try await queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return DatabaseBackup(path: path, bytes: size, messages: messages, heldOutbox: held)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Marks every queued outbox row of the copy `db` failed (with `note`) and its message
    /// failed; returns how many.
    static func holdQueuedOutbox(_ db: Database, note: String) throws -> Int {
        try db.execute(sql: """
            UPDATE message SET delivery_state = 'failed'
            WHERE id IN (SELECT message_id FROM outbox WHERE state IN ('pending', 'sending'))
            """)
        try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = ? WHERE state IN ('pending', 'sending')",
                       arguments: [note])
        return db.changesCount
    }
}
