import Foundation
import Synchronization

/// A clock a scenario moves by hand, for the store's own times (a shared store's claim leases
/// run on the daemon's clock; the SQLite store ignores it).
final class StoreClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    /// Moves the clock on by `seconds`.
    func advance(_ seconds: TimeInterval) { current.withLock { $0.addTimeInterval(seconds) } }

    /// The clock as a store takes it.
    var function: @Sendable () -> Date { { self.now } }

    /// Past any claim lease a store may give (PostgreSQL's is two minutes).
    static let pastAnyLease: TimeInterval = 3_600
}
