import Foundation

/// When a delivery that did not get a 2xx is tried again (V1): exponential backoff with full
/// jitter, for a window counted from its first attempt, after which it is failed.
struct EventRetryPolicy: Sendable, Hashable {
    /// Seconds from the first attempt after which a failed attempt fails the delivery.
    var window: Double
    /// The cap of the first retry's delay, doubled for each further attempt.
    var initialDelay: Double
    /// The largest delay.
    var maxDelay: Double

    /// What to do after attempt number `attempt` (1 for the first) failed at `now`, the first
    /// attempt having been made at `firstAttempt`: nil when the window is over, else when to try
    /// again (a random instant up to min(maxDelay, initialDelay × 2^(attempt-1)) from now).
    func nextAttempt<R: RandomNumberGenerator>(
        after attempt: Int, firstAttempt: Date, now: Date, using generator: inout R
    ) -> Date? {
        guard now.timeIntervalSince(firstAttempt) < window else { return nil }
        let exponent = Double(min(max(attempt - 1, 0), 60))
        let cap = min(maxDelay, initialDelay * pow(2, exponent))
        return now.addingTimeInterval(Double.random(in: 0...cap, using: &generator))
    }
}
