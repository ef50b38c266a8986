import Foundation
import TextingCore

/// What a store shared by several daemons does so that work is shared without being done twice
/// (M1): sender-number pacing across daemons (D2) and a reachability check for the balancer.
///
/// A store that one process owns answers without work: no pacing slot (the outbox paces in
/// memory) and always reachable.
public protocol SharedWorkStore: Sendable {
    /// Books the next `duration` of sending time of `sender` for every daemon together and
    /// returns the instant the booked time starts (no earlier than `now`); nil when the store is
    /// one process's own, which then paces in memory.
    func reserveSendSlot(sender: PhoneNumber, duration: Duration, now: Date) async throws -> Date?
    /// Throws when the database cannot be reached now (so `/health` says not ready and
    /// webhooks are answered 503 rather than acknowledged unstored).
    func checkReachable() async throws
}
