import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its
/// own, so no commit waits for it (issue 15).
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its page count: the texts
/// of that commit, and every text queued behind it, waited for the copy and the database file's
/// `fsync` (2-5 ms, in one commit out of twenty at 2,800 texts/s, which made the tail). Here each
/// commit calls ``commitDidHappen()``, and a passive checkpoint runs at most every
/// ``minimumInterval`` on a dispatch queue while commits go on. A passive checkpoint never
/// blocks the writer or readers: it copies the frames no reader still needs. The writer's own
/// automatic checkpoint stays (``SQLiteStore/checkpointPages``) to start the log over: it copies
/// only the frames since the last pass here, but with the sync that pause is still 10-25 ms, now
/// the main part of the open-loop tail (Docs/performance.md, "What the remaining tail is made
/// of"). Durability does not change: a commit is durable when its log frames are synced
/// (`synchronous=FULL`); a copy is synced before SQLite records it as done.
final class WALCheckpointer: Sendable {
    /// The shortest time between two checkpoints. Shorter copies fewer pages each but rewrites
    /// the pages every text touches (a table's last page) more often.
    static let minimumInterval: DispatchTimeInterval = .milliseconds(20)

    private struct State {
        var running = false
        var requested = false
    }

    private let connection: DatabaseQueue
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "twowayd.checkpoint")

    /// Opens the checkpoint's own connection to the database at `path` (in WAL mode already).
    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Asks for a checkpoint soon; calls while one is running or waiting are folded into one.
    func commitDidHappen() {
        let start = state.withLock { state in
            if state.running {
                state.requested = true
                return false
            }
            state.running = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    /// Checkpoints once, and again ``minimumInterval`` after this one started when a commit asked
    /// meanwhile.
    private func run() {
        let started = DispatchTime.now()
        // A failed checkpoint (a reader kept the log, the disk is full) leaves the frames in the
        // log; the next commit asks again.
        _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        let again = state.withLock { state in
            if state.requested {
                state.requested = false
                return true
            }
            state.running = false
            return false
        }
        if again { queue.asyncAfter(deadline: started + Self.minimumInterval) { self.run() } }
    }
}
