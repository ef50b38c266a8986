import Logging
import ServiceLifecycle
import TextingStore

/// Four times a second, copies the committed WAL pages into the database file on a connection
/// of its own (``SQLiteStore/checkpointPassively()``), so that no commit has to checkpoint by
/// itself: a checkpoint inside a commit delays every text of that commit and of the ones queued
/// behind it. A failed checkpoint is logged (at most once a minute) and retried at the next
/// tick; the commits' own checkpoint at ``SQLiteStore/commitCheckpointPages`` remains as a safety net.
struct WALCheckpointer: Service {
    let store: SQLiteStore
    let logger: Logger
    /// Short enough that the WAL holds about a quarter of a second of commits (a few MiB at full
    /// load); a tick with nothing to copy costs one read of the WAL header.
    var interval: Duration = .milliseconds(250)
    let failures = LogRateLimit(limit: 1, per: .seconds(60))

    func run() async {
        await repeatUntilShutdown(every: { [interval] in interval }) { [store, logger, failures] in
            do {
                try await store.checkpointPassively()
            } catch {
                if let suppressed = failures.admit() {
                    logger.warning("WAL checkpoint failed; retrying", metadata: [
                        "event": "checkpoint_failed", "error": "\(error)", "suppressed": "\(suppressed)",
                    ])
                }
            }
        }
    }
}
