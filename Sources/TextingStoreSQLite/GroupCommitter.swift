import Dispatch
import GRDB
import Synchronization
import TwowayMetrics

/// Lets many concurrent writers share one SQLite transaction and so one fsync.
///
/// Each job runs in its own savepoint inside the shared transaction, so a job that throws is
/// rolled back alone. Callers are resumed only after the transaction committed; if the commit
/// itself fails, every job of the batch gets the error. Jobs run in the order they were
/// enqueued, which keeps a phone session's writes in its order.
final class GroupCommitter: Sendable {
    private struct Job: Sendable {
        /// Runs the work inside the transaction and returns what to do after the commit.
        let execute: @Sendable (Database) -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let afterCommit: @Sendable () -> Void
    private let queue = Mutex(Queue())
    private let drainQueue = DispatchQueue(label: "twowayd.group-commit")

    /// `afterCommit` runs on the committer's queue after each committed batch, before its
    /// callers resume (the store asks for a checkpoint there).
    init(writer: any DatabaseWriter, afterCommit: @escaping @Sendable () -> Void = {}) {
        self.writer = writer
        self.afterCommit = afterCommit
    }

    /// Runs `work` in the next shared transaction and returns its result once committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                execute: { db in
                    let result = Self.inSavepoint(db) { try work(db) }
                    return { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            enqueue(job)
        }
    }

    /// Runs `work` in a savepoint of the open transaction: released when it returns, rolled back
    /// alone when it throws. The three statements come from the connection's statement cache
    /// (GRDB's `inSavepoint` parses its statements anew for every job).
    private static func inSavepoint<T>(_ db: Database, _ work: () throws -> T) -> Result<T, any Error> {
        do {
            try db.executeCached(sql: "SAVEPOINT job")
        } catch {
            return .failure(error)
        }
        do {
            let value = try work()
            try db.executeCached(sql: "RELEASE SAVEPOINT job")
            return .success(value)
        } catch {
            // When the rollback itself fails, SQLite already rolled back the whole transaction
            // (a full disk, say); the commit then fails and every job of the batch gets that error.
            try? db.executeCached(sql: "ROLLBACK TO SAVEPOINT job")
            try? db.executeCached(sql: "RELEASE SAVEPOINT job")
            return .failure(error)
        }
    }

    private func enqueue(_ job: Job) {
        let mustStart = queue.withLock { queue in
            queue.jobs.append(job)
            if queue.draining { return false }
            queue.draining = true
            return true
        }
        if mustStart {
            drainQueue.async { self.drain() }
        }
    }

    /// Commits batches until the queue is empty. It runs on a serial queue of its own and uses
    /// GRDB's blocking `write`, which runs on the calling thread: a batch costs no thread hop, and
    /// the cooperative pool is never blocked by an `fsync`.
    private func drain() {
        while true {
            let batch = queue.withLock { queue in
                let batch = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let started = ContinuousClock.now
                let completions = try writer.write { db in batch.map { $0.execute(db) } }
                TwowayMetrics.groupCommit(ContinuousClock.now - started, batchSize: batch.count)
                afterCommit()
                for completion in completions { completion() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
