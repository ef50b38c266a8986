import Foundation
import Synchronization
import TextingCore
import TextingStore
import TextingStoreTestKit

/// A store that counts the outbox sender's reads; everything goes to the real store.
final class CountingStore: ForwardingStore {
    let base: any MessageStore
    private let outboxReads = Atomic<Int>(0)

    init(base: any MessageStore) { self.base = base }

    /// Calls of ``dueOutbox(now:perSender:excluding:skipping:)`` so far.
    var outboxReadCount: Int { outboxReads.load(ordering: .relaxed) }

    func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox {
        outboxReads.add(1, ordering: .relaxed)
        return try await base.dueOutbox(now: now, perSender: perSender, excluding: excluding, skipping: skipping)
    }
}
