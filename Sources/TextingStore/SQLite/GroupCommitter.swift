import GRDB
import Synchronization

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
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in the next shared transaction and returns its result once committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                execute: { db in
                    var outcome: Result<T, any Error> = .failure(CancellationError())
                    do {
                        try db.inSavepoint {
                            do {
                                outcome = .success(try work(db))
                                return .commit
                            } catch {
                                outcome = .failure(error)
                                return .rollback
                            }
                        }
                    } catch {
                        outcome = .failure(error)
                    }
                    let result = outcome
                    return { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            enqueue(job)
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
            Task { await self.drain() }
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue in
                let batch = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let completions = try await writer.write { db in batch.map { $0.execute(db) } }
                for completion in completions { completion() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
