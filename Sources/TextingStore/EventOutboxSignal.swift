import Synchronization

/// Tells the event senders of this process that events were committed, so they post them at
/// once instead of at their next poll (V1). A sender in another process sharing the database
/// finds them at its next poll.
public enum EventOutboxSignal {
    private static let listeners = Mutex<[Int: @Sendable () -> Void]>([:])
    private static let nextToken = Atomic<Int>(0)

    /// Calls `listener` after every commit that wrote events, until ``removeListener(_:)``.
    /// Returns the token to remove it with.
    public static func addListener(_ listener: @escaping @Sendable () -> Void) -> Int {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        listeners.withLock { $0[token] = listener }
        return token
    }

    public static func removeListener(_ token: Int) {
        _ = listeners.withLock { $0.removeValue(forKey: token) }
    }

    /// Calls every listener; a store calls it after a commit that wrote events.
    public static func notify() {
        for listener in listeners.withLock({ Array($0.values) }) { listener() }
    }
}
