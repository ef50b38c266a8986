import Foundation
import TextingCore
import TextingStore

extension ForwardingStore {
    public func reserveSendSlot(sender: PhoneNumber, duration: Duration, now: Date) async throws -> Date? {
        try await base.reserveSendSlot(sender: sender, duration: duration, now: now)
    }
    public func checkReachable() async throws { try await base.checkReachable() }
    public func broadcast(_ payload: String) async throws { try await base.broadcast(payload) }
    public func receiveBroadcasts(_ receive: @escaping @Sendable (String) async -> Void) async throws {
        try await base.receiveBroadcasts(receive)
    }
}
