import TextingStore

/// Every part of ``MessageStore`` is in the `PostgresStore+<Area>.swift` files; the one
/// conformance suite (`Tests/TextingStoreTests`) holds this store to the same behaviour as SQLite.
extension PostgresStore: MessageStore {}
