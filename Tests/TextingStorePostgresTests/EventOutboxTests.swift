import Foundation
import Logging
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// V1 and M1: the event outbox shared by several daemons. Events are written with
/// ``PostgresEventWriter`` in a transaction of the test's own, as a session's commit writes them.
@Suite("PostgresStore: the event outbox shared by several daemons")
struct EventOutboxTests {
    static let at = OutboxTests.now
    static let practice = PracticeID(1)

    @Test("V1: events only for a practice with an endpoint that takes them, and none when the change rolls back")
    func writer() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            let only = try await Self.endpoint(a, types: [.messageCreated])
            _ = try await Self.endpoint(b, practice: PracticeID(2))
            #expect(try await Self.open(a, practice: PracticeID(3), conversation: 1, phone: "312-555-0101") == false)
            #expect(try await Self.open(a, conversation: 2, phone: "312-555-0102"))
            let rows = try await b.eventDeliveries(EventDeliveryFilter(limit: 100))
            #expect(rows.map(\.type) == [.messageCreated] && rows.allSatisfy { $0.endpointID == only.id })
            // A change rolled back takes its events with it.
            await #expect(throws: (any Error).self) {
                try await a.client.withTransaction(logger: a.logger) { connection in
                    try await PostgresEventWriter.record(connection, batch: try Self.opening(conversation: 3, phone: "312-555-0103"),
                                                         result: Self.committed(conversation: 3), now: Self.at, logger: a.logger)
                    throw CancellationError()
                }
            }
            #expect(try await OutboxTests.count(a, "SELECT COUNT(*) FROM event") == 1)
        }
    }

    @Test("V1: in order per endpoint and conversation across daemons; others go in parallel; failed unblocks the next")
    func ordering() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            try await Self.endpoint(a)
            try await Self.open(a, conversation: 1, phone: "312-555-0142")
            try await Self.open(b, conversation: 2, phone: "312-555-0143")
            let now = Self.at.addingTimeInterval(1)
            var due = try await b.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(due.map(\.delivery.type) == [.conversationOpened, .conversationOpened])
            #expect(due.map(\.delivery.orderingKey) == ["conversation:1", "conversation:2"])
            let first = try #require(due.first)
            #expect(first.endpoint.url == "http://127.0.0.1:9/hook" && first.endpoint.secret == "whsec_AAAA")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(first.payload.utf8)) as? [String: Any])
            #expect(json["type"] as? String == "conversation.opened")
            let id = first.delivery.id
            #expect(try await a.claimEventDelivery(id, at: now))
            #expect(try await b.claimEventDelivery(id, at: now) == false)
            // While it is being sent by A, its conversation's next event waits, for B too.
            due = try await b.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(due.map(\.delivery.orderingKey) == ["conversation:2"])
            // A retry later keeps the line closed until then.
            try await a.recordEventDelivery(id, outcome: .retry(at: now.addingTimeInterval(60), status: 500, error: "HTTP 500"))
            due = try await b.dueEventDeliveries(now: now, limit: 10, excluding: [])
            #expect(due.map(\.delivery.orderingKey) == ["conversation:2"])
            due = try await b.dueEventDeliveries(now: now.addingTimeInterval(61), limit: 10, excluding: [])
            #expect(due.contains { $0.delivery.id == id })
            #expect(try await b.claimEventDelivery(id, at: now.addingTimeInterval(61)))
            // Failed for good: the next of its conversation is in line.
            try await b.recordEventDelivery(id, outcome: .failed(status: 500, error: "HTTP 500"))
            due = try await a.dueEventDeliveries(now: now.addingTimeInterval(61), limit: 10, excluding: [])
            #expect(due.map(\.delivery.orderingKey) == ["conversation:1", "conversation:2"])
            #expect(due.map(\.delivery.type) == [.messageCreated, .conversationOpened])
            // Excluded ones (held by the caller) are left out.
            #expect(try await a.dueEventDeliveries(now: now.addingTimeInterval(61), limit: 10,
                                                   excluding: Set(due.map(\.delivery.id))).isEmpty)
            let failed = try await a.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10))
            #expect(failed.map(\.id) == [id] && failed.first?.attempts == 2 && failed.first?.firstAttemptAt == now)
            #expect(try await a.eventDeliveries(EventDeliveryFilter(practiceID: PracticeID(2), limit: 10)).isEmpty)
        }
    }

    @Test("M1: of concurrent claims of one delivery from two daemons exactly one wins")
    func oneClaimWins() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            try await Self.endpoint(a)
            try await Self.open(a, conversation: 1, phone: "312-555-0142")
            let id = try #require(try await a.dueEventDeliveries(now: Self.at, limit: 1, excluding: []).first).delivery.id
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<20 { group.addTask { try await (n.isMultiple(of: 2) ? a : b).claimEventDelivery(id, at: Self.at) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }

    @Test("M1: a live daemon's claim is left alone; once its lease ran out the delivery is due for any daemon")
    func leaseTakeover() async throws {
        try await OutboxTests.withTwoDaemons { a, b, time in
            try await Self.endpoint(a)
            try await Self.open(a, conversation: 1, phone: "312-555-0142")
            let id = try #require(try await a.dueEventDeliveries(now: Self.at, limit: 1, excluding: []).first).delivery.id
            #expect(try await a.claimEventDelivery(id, at: Self.at))
            let lease = PostgresStore.seconds(PostgresStore.claimLease)

            let before = Self.at.addingTimeInterval(lease - 1)
            time.set(before)
            #expect(try await b.resumeInterruptedEventDeliveries() == 0)
            #expect(try await b.dueEventDeliveries(now: before, limit: 10, excluding: []).isEmpty)
            #expect(try await b.claimEventDelivery(id, at: before) == false)

            // A died: at the lease's end the delivery is due again, first of its line, without a restart.
            let after = Self.at.addingTimeInterval(lease)
            #expect(try await b.dueEventDeliveries(now: after, limit: 10, excluding: []).map(\.delivery.id) == [id])
            #expect(try await b.claimEventDelivery(id, at: after))
            let row = try #require(try await b.eventDeliveries(EventDeliveryFilter(limit: 10)).first { $0.id == id })
            #expect(row.state == .sending && row.attempts == 2 && row.firstAttemptAt == Self.at)
            // A's late answer and B's both land on the row; the delivery is recorded once delivered.
            try await b.recordEventDelivery(id, outcome: .delivered(status: 204, at: after))
            try await a.recordEventDelivery(id, outcome: .delivered(status: 204, at: after))
            #expect(try await b.dueEventDeliveries(now: after, limit: 10, excluding: []).map(\.delivery.type) == [.messageCreated])
        }
    }

    @Test("M1: a restarting daemon's resume puts back only claims whose lease ran out")
    func resumeAfterTheLease() async throws {
        try await OutboxTests.withTwoDaemons { a, b, time in
            try await Self.endpoint(a)
            try await Self.open(a, conversation: 1, phone: "312-555-0142")
            try await Self.open(a, conversation: 2, phone: "312-555-0143")
            let due = try await a.dueEventDeliveries(now: Self.at, limit: 10, excluding: [])
            #expect(due.count == 2)
            let lease = PostgresStore.seconds(PostgresStore.claimLease)
            #expect(try await a.claimEventDelivery(due[0].delivery.id, at: Self.at))
            #expect(try await b.claimEventDelivery(due[1].delivery.id, at: Self.at.addingTimeInterval(lease / 2)))
            time.set(Self.at.addingTimeInterval(lease))
            #expect(try await b.resumeInterruptedEventDeliveries() == 1)
            let states = try await a.eventDeliveries(EventDeliveryFilter(limit: 10))
                .filter { [due[0].delivery.id, due[1].delivery.id].contains($0.id) }
                .sorted { $0.id < $1.id }.map(\.state)
            #expect(states == [.pending, .sending])
        }
    }

    @Test("V1: retry of failed deliveries; delivered events pruned once even when two daemons prune at once")
    func retryAndPrune() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            try await Self.endpoint(a)
            for n in 1...10 { try await Self.open(a, conversation: Int64(n), phone: "312-555-01\(10 + n)") }
            // Deliver every conversation.opened, fail one message.created.
            var delivered = 0
            var failed: DueEventDelivery?
            while let next = try await a.dueEventDeliveries(now: Self.at, limit: 1, excluding: []).first {
                #expect(try await a.claimEventDelivery(next.delivery.id, at: Self.at))
                if next.delivery.type == .messageCreated, failed == nil {
                    failed = next
                    try await a.recordEventDelivery(next.delivery.id, outcome: .failed(status: nil, error: "refused\u{0}"))
                } else {
                    delivered += 1
                    try await a.recordEventDelivery(next.delivery.id, outcome: .delivered(status: 204, at: Self.at))
                }
            }
            let lost = try #require(failed)
            #expect(delivered == 19)
            let kept = try #require(try await b.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10)).first)
            #expect(kept.id == lost.delivery.id && kept.lastError == "refused\u{FFFD}")

            let pruned = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in [a, b] {
                    group.addTask { try await store.pruneDeliveredEvents(before: Self.at.addingTimeInterval(1), limit: 100) }
                }
                return try await group.reduce(0, +)
            }
            #expect(pruned == 19)
            #expect(try await a.eventDeliveries(EventDeliveryFilter(limit: 100)).map(\.id) == [lost.delivery.id])

            #expect(try await b.retryFailedEventDeliveries(eventIDs: [lost.delivery.eventID + 1], at: Self.at) == 0)
            #expect(try await b.retryFailedEventDeliveries(eventIDs: nil, at: Self.at) == 1)
            let again = try #require(try await a.eventDeliveries(EventDeliveryFilter(limit: 10)).first)
            #expect(again.state == .pending && again.attempts == 0 && again.firstAttemptAt == nil)
        }
    }

    @Test("V1, M1: two daemons applying the same configured endpoints at once add each endpoint once")
    func configuredEndpointsOnce() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            func configured(_ url: String, _ types: Set<EventType>?) -> EventEndpointRecord {
                EventEndpointRecord(id: 0, practiceID: Self.practice, url: url, eventTypes: types, secret: nil,
                                    secretCredential: "hook", source: .config, createdAt: .distantPast)
            }
            let control = try await Self.endpoint(a)
            let wanted = [configured("https://a.example", nil), configured("https://b.example", [.messageCreated])]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in [a, b, a, b] { group.addTask { try await store.syncConfiguredEventEndpoints(wanted, at: Self.at) } }
                try await group.waitForAll()
            }
            let first = try await b.eventEndpoints(practice: Self.practice)
            #expect(first.map(\.url) == ["http://127.0.0.1:9/hook", "https://a.example", "https://b.example"])
            #expect(first[2].eventTypes == [.messageCreated] && first[1].createdAt == Self.at)
            try await Self.open(a, conversation: 1, phone: "312-555-0142")
            // b.example leaves the file: disabled, its undelivered events failed; a.example's filter changes.
            try await b.syncConfiguredEventEndpoints([configured("https://a.example", [.profileCreated])], at: Self.at)
            let second = try await a.eventEndpoints(practice: nil)
            #expect(second.map(\.id) == [control.id, first[1].id] && second[1].eventTypes == [.profileCreated])
            let failed = try await a.eventDeliveries(EventDeliveryFilter(failedOnly: true, limit: 10))
            #expect(failed.count == 1 && failed.allSatisfy { $0.endpointID == first[2].id && $0.lastError?.contains("removed") == true })
            #expect(try await a.removeEventEndpoint(control.id, at: Self.at)?.id == control.id)
            #expect(try await b.removeEventEndpoint(control.id, at: Self.at) == nil)
        }
    }

    @Test("V1, C3: a send's outcome and a carrier status each write message.status_changed")
    func statusChanges() async throws {
        try await OutboxTests.withTwoDaemons { a, b, _ in
            try await Self.endpoint(a, types: [.messageStatusChanged])
            let items = try await OutboxTests.queue(a, from: 0, count: 2)  // practice 1
            #expect(try await a.markSending(items[0]))
            try await a.recordSend(items[0], outcome: .retry(at: Self.at, error: "429"))
            #expect(try await a.markSending(items[0]))
            try await a.recordSend(items[0], outcome: .accepted(carrierSID: "SMout0", state: .queued))
            // Neither a retry nor an acceptance as queued is news for the platform.
            #expect(try await a.eventDeliveries(EventDeliveryFilter(limit: 10)).isEmpty)
            _ = try await b.updateDelivery(carrierSID: "SMout0", state: .undelivered, errorCode: 30003)
            #expect(try await b.markSending(items[1]))
            try await b.recordSend(items[1], outcome: .failed(code: 21211, error: "invalid"))
            #expect(try await a.eventDeliveries(EventDeliveryFilter(limit: 10)).count == 2)
            // Both are of the same number outside a conversation: one line, in order.
            let first = try #require(try await a.dueEventDeliveries(now: Self.at, limit: 10, excluding: []).first)
            let data = try Self.data(first.payload)
            #expect(data["deliveryState"] as? String == "undelivered" && data["errorCode"] as? Int == 30003)
            #expect((data["errorExplanation"] as? String)?.contains("unreachable") == true)
            #expect(try await b.claimEventDelivery(first.delivery.id, at: Self.at))
            try await b.recordEventDelivery(first.delivery.id, outcome: .delivered(status: 204, at: Self.at))
            let second = try #require(try await a.dueEventDeliveries(now: Self.at, limit: 10, excluding: []).first)
            #expect(try Self.data(second.payload)["deliveryState"] as? String == "failed")
        }
    }

    /// The `data` object of an event's JSON envelope.
    static func data(_ payload: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])?["data"] as? [String: Any])
    }

    // MARK: Support

    @discardableResult
    static func endpoint(_ store: PostgresStore, practice: PracticeID = practice, types: Set<EventType>? = nil)
        async throws -> EventEndpointRecord {
        try await store.addEventEndpoint(EventEndpointRecord(
            id: 0, practiceID: practice, url: "http://127.0.0.1:9/hook", eventTypes: types, secret: "whsec_AAAA",
            secretCredential: nil, source: .control, createdAt: at))
    }

    /// Writes the events of an inbound text opening conversation `conversation` with `phone`, in
    /// a transaction of its own; whether it wrote any.
    @discardableResult
    static func open(_ store: PostgresStore, practice: PracticeID = practice, conversation: Int64, phone: String)
        async throws -> Bool {
        let batch = try opening(practice: practice, conversation: conversation, phone: phone)
        return try await store.client.withTransaction(logger: store.logger) { connection in
            try await PostgresEventWriter.record(connection, batch: batch, result: committed(conversation: conversation),
                                                 now: at, logger: store.logger)
        }
    }

    static func opening(practice: PracticeID = practice, conversation: Int64, phone: String) throws -> SessionBatch {
        let number = try PhoneNumber(parsing: phone)
        return SessionBatch(
            practiceID: practice, phone: number,
            conversation: .create(ConversationRecord(
                id: ConversationID(conversation), practiceID: practice, phone: number, clientID: nil, title: number.e164,
                channel: .text, isActive: true, createdAt: at)),
            messages: [MessageDraft(direction: .inbound, author: .client, body: "Hello", carrierSID: "SM\(conversation)",
                                    createdAt: at)])
    }

    static func committed(conversation: Int64) -> SessionCommit {
        SessionCommit(conversationID: ConversationID(conversation), messageIDs: [MessageID(conversation * 10)])
    }
}
