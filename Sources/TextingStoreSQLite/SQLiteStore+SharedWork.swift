import Foundation
import TextingCore
import TextingStore

/// One daemon owns a SQLite file (its state directory is locked), so there is nothing to share:
/// the outbox paces in memory and the file is always there.
extension SQLiteStore {
    public func reserveSendSlot(sender: PhoneNumber, duration: Duration, now: Date) async throws -> Date? { nil }
    public func checkReachable() async throws {}
    public func broadcast(_ payload: String) async throws {}
    public func receiveBroadcasts(_ receive: @escaping @Sendable (String) async -> Void) async throws {}
}
