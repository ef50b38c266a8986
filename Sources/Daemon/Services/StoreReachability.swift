import Synchronization

/// Whether the database answered its latest check (M1): read on every `/health` and every
/// inbound webhook, so a balancer takes a daemon whose database is gone out of service and the
/// carrier is told 503 at once (and retries, or uses the number's fallback URL) instead of
/// waiting for a write that cannot happen. Always reachable for SQLite, which is a local file.
public final class StoreReachability: Sendable {
    private let reachable = Atomic<Bool>(true)

    public init() {}

    /// The latest check's answer; true before the first.
    public var isReachable: Bool { reachable.load(ordering: .relaxed) }

    /// Records a check's answer; returns whether it changed.
    func record(_ value: Bool) -> Bool {
        reachable.exchange(value, ordering: .relaxed) != value
    }
}
