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
    /// Sends `payload` (at most 7,000 bytes of UTF-8) to every daemon sharing the store that
    /// receives broadcasts, this one included; nothing for a store one process owns. Used for
    /// the staff pages' live changes (W3 across daemons).
    func broadcast(_ payload: String) async throws
    /// Calls `receive` with every payload broadcast from now on, in order, until the calling
    /// task is cancelled (returns) or the connection fails (throws). Returns at once for a store
    /// one process owns.
    func receiveBroadcasts(_ receive: @escaping @Sendable (String) async -> Void) async throws
    /// Throws when the database cannot be reached now (so `/health` says not ready and
    /// webhooks are answered 503 rather than acknowledged unstored).
    func checkReachable() async throws
}
