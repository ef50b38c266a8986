import Foundation
import GRDB

/// Watches the outbox of a running daemon (read-only, every 100 ms) and notes when each
/// sender number sent its first and its last queued text.
public struct OutboxProgress: Sendable {
    /// One sender's timeline, in seconds after the start given to ``watch(databasePath:senders:perSender:start:timeout:)``.
    public struct Sender: Sendable {
        public let number: String
        public var firstDone: Double?
        public var allDone: Double?
        public var done = 0
    }

    public var senders: [Sender]
    /// When the watch ended (all done, or the timeout).
    public var elapsed: Double = 0
    public var timedOut = false

    /// Polls until every sender sent `perSender` texts or `timeout` passes.
    public static func watch(
        databasePath: String, senders numbers: [String], perSender: Int, start: ContinuousClock.Instant,
        timeout: Duration
    ) throws -> OutboxProgress {
        var progress = OutboxProgress(senders: numbers.map { Sender(number: $0) })
        let index = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
        let queue = try BenchDatabase.openReadOnly(databasePath)
        let deadline = start + timeout
        while true {
            let counts = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT from_number, COUNT(*) AS n FROM outbox WHERE state = 'done' GROUP BY from_number")
                    .map { ($0["from_number"] as String, $0["n"] as Int) }
            }
            let now = Format.seconds(.now - start)
            for (number, done) in counts {
                guard let position = index[number] else { continue }
                progress.senders[position].done = done
                if done > 0 && progress.senders[position].firstDone == nil { progress.senders[position].firstDone = now }
                if done >= perSender && progress.senders[position].allDone == nil { progress.senders[position].allDone = now }
            }
            progress.elapsed = now
            if progress.senders.allSatisfy({ $0.allDone != nil }) { break }
            if ContinuousClock.now >= deadline {
                progress.timedOut = true
                break
            }
            usleep(100_000)
        }
        try queue.close()
        return progress
    }
}
