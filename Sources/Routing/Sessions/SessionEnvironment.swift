import TextingStore

/// What every phone session shares: where it commits, and where it announces what it committed.
final class SessionEnvironment: Sendable {
    let store: any MessageStore
    let events: ChangeFeed

    init(store: any MessageStore, events: ChangeFeed) {
        self.store = store
        self.events = events
    }
}
