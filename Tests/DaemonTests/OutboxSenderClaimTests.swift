import Carrier
import Foundation
import Routing
import Synchronization
import Testing
import TextingCore
import TextingStore
import TextingStoreTestKit

/// Issue 11, defect 2 (D2): the outbox sender sends only the rows it claimed, so a row another
/// sender claimed between the read and the send is not sent a second time.
@Suite("Outbox sender: a row it could not claim is not sent")
struct OutboxSenderClaimTests {
    /// A store on which "another sender" claims the first row of the first read that returns
    /// rows, just after the read: the race of two daemons on one database.
    final class ContendedStore: ForwardingStore {
        let base: any MessageStore
        private let stolen = Mutex<OutboxItem?>(nil)

        init(base: any MessageStore) { self.base = base }

        /// The row the other sender claimed, if any.
        var stolenRow: OutboxItem? { stolen.withLock { $0 } }

        func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
            -> DueOutbox {
            let due = try await base.dueOutbox(now: now, perSender: perSender, excluding: excluding, skipping: skipping)
            let steal = stolen.withLock { current -> OutboxItem? in
                guard current == nil, let first = due.items.first else { return nil }
                current = first
                return first
            }
            if let steal { #expect(try await base.markSending(steal)) }
            return due
        }
    }

    @Test("D2: a row claimed by someone else after the read is not sent; the others are, once each")
    func claimedElsewhereIsSkipped() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let clients = try (1...3).map { try PhoneNumber(parsing: "312-555-20\($0)0") }
        for (n, client) in clients.enumerated() {
            _ = try await harness.router.sendReminder(practice: harness.practice.id, phone: client, body: "Reminder \(n)")
        }
        let store = ContendedStore(base: harness.store)
        let logs = LogCapture()
        let sender = OutboxSender(store: store, carrier: harness.carrier, router: harness.router,
                                  configuration: .init(segmentsPerSecond: 10_000), logger: logs.logger())
        await sender.drainOnce()

        let stolen = try #require(store.stolenRow)
        let sent = await harness.carrier.allMessages()
        #expect(sent.map(\.body).sorted() == ["Reminder 0", "Reminder 1", "Reminder 2"].filter { $0 != stolen.body })
        #expect(await harness.carrier.inbox(stolen.to).isEmpty)
        #expect(logs.events("outbox_claim_lost").count == 1)
        // The other sender still holds it: nothing more is sent by a later pass.
        #expect(await sender.drainOnce() == 0)
        #expect(await harness.carrier.allMessages().count == 2)
    }
}
