import Foundation
import PostgresNIO
import Synchronization
import TextingCore
import TextingStore

/// Pacing across daemons (D2) and the balancer's reachability check (M1).
extension PostgresStore: SharedWorkStore {
    /// Books the sender number's next `duration` in its `send_lane` row, in one statement: the
    /// row's `next_at` (the end of the time booked so far) moves to `max(next_at, now) + duration`
    /// under the row's lock, so bookings from every daemon line up one after another whatever
    /// their order, and the rate holds for all daemons together (3 segments/s per number, not per
    /// daemon). Returns when the booked time starts.
    public func reserveSendSlot(sender: PhoneNumber, duration: Duration, now: Date) async throws -> Date? {
        let length = Self.seconds(duration)
        let at = now.timeIntervalSince1970
        let end = try await client.query("""
            INSERT INTO send_lane (sender, next_at) VALUES (\(sender.e164), \(at + length))
            ON CONFLICT (sender) DO UPDATE SET next_at = GREATEST(send_lane.next_at, \(at)) + \(length)
            RETURNING next_at
            """, logger: logger).single(Double.self)
        return Date(timeIntervalSince1970: end - length)
    }

    /// How long ``checkReachable()`` waits for the database's answer.
    public static let reachableTimeout: Duration = .seconds(2)

    /// Asks the database `SELECT 1` and throws `store.unreachable` when no answer comes within
    /// ``reachableTimeout`` (a database that is down, or a pool still waiting for a connection),
    /// so `/health` turns not-ready within seconds. The wait ends at the timeout even when the
    /// query itself does not notice its cancellation.
    public func checkReachable() async throws {
        let client = self.client
        let logger = self.logger
        let answer = Answer()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            answer.set(continuation)
            let query = Task {
                do {
                    _ = try await client.query("SELECT 1", logger: logger).collect()
                    answer.resume(with: .success(()))
                } catch {
                    answer.resume(with: .failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: Self.reachableTimeout)
                query.cancel()
                answer.resume(with: .failure(TextingError(
                    .init("store.unreachable"),
                    "The database did not answer within \(Int(Self.seconds(Self.reachableTimeout))) seconds.")))
            }
        }
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// The one resumption of ``PostgresStore/checkReachable()``'s wait: the query's answer or the
/// timeout, whichever comes first.
private final class Answer: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with result: Result<Void, any Error>) {
        continuation.withLock { waiting in
            waiting?.resume(with: result)
            waiting = nil
        }
    }
}
