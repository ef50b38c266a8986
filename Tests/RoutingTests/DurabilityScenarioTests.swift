import Foundation
import Testing
import Carrier
import Routing
import TextingCore
import TextingStore

@Suite("D1–D3, R6 durability and concurrency through the router")
struct DurabilityScenarioTests {
    @Test("S5/R1: 200 concurrent texts from one number make one conversation and 200 stored messages")
    func concurrentOneNumber() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(40)
        let outcomes = try await withThrowingTaskGroup(of: InboundOutcome.self) { group in
            for i in 0..<200 { group.addTask { try await h.text("message \(i)", from: client, sid: "SMone\(i)") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outcomes.compactMap(\.conversationID)).count == 1)
        let active = try await h.store.conversations(practice: h.practice.id, activeOnly: true)
        #expect(active.count == 1)
        let messages = try await h.store.messages(conversation: try #require(active.first?.id))
        let inbound = messages.filter { $0.direction == .inbound }
        #expect(inbound.count == 200)
        #expect(Set(inbound.map(\.body)).count == 200)
        // Only the first text, whichever it was, opened the conversation and got question 1.
        #expect(messages.filter { $0.body == Replies.profileQuestion1 }.count == 1)
        // Stored order is the order the session handled them, which is the order ids were given out.
        let byID = outcomes.sorted { ($0.messageID?.rawValue ?? 0) < ($1.messageID?.rawValue ?? 0) }.compactMap(\.messageID)
        #expect(inbound.map(\.id) == byID)
    }

    @Test("R1: texts sent one after another are stored in arrival order")
    func arrivalOrder() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(41)
        var last: InboundOutcome?
        for i in 0..<20 { last = try await h.text("n\(i)", from: client) }
        let inbound = try await h.conversationMessages(try #require(last)).filter { $0.direction == .inbound }
        #expect(inbound.map(\.body) == (0..<20).map { "n\($0)" })
    }

    @Test("D1: 1,000 texts from 1,000 numbers are all stored")
    func thousandNumbers() async throws {
        let h = try await RoutingHarness.make()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<1000 {
                group.addTask { _ = try await h.text("hi \(i)", from: RoutingHarness.client(1000 + i), sid: "SMk\(i)") }
            }
            try await group.waitForAll()
        }
        let conversations = try await h.store.conversations(practice: h.practice.id, activeOnly: true)
        #expect(conversations.count == 1000)
        var inbound = 0
        for c in conversations { inbound += try await h.store.messages(conversation: c.id).filter { $0.direction == .inbound }.count }
        #expect(inbound == 1000)
    }

    @Test("R6: the same MessageSid arriving twice at once is stored once")
    func concurrentDuplicate() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(42)
        async let a = h.text("same", from: client, sid: "SMdup")
        async let b = h.text("same", from: client, sid: "SMdup")
        let (x, y) = try await (a, b)
        #expect([x.disposition, y.disposition].filter { $0 == .duplicate }.count == 1)
        let conversation = try #require(x.conversationID ?? y.conversationID)
        #expect(try await h.store.messages(conversation: conversation).filter { $0.direction == .inbound }.count == 1)
    }

    @Test("R6/D3: a duplicate after a restart is recognised; state, messages and outbox survive; pending rows are sent")
    func restart() async throws {
        let first = try await RoutingHarness.make()
        let client = RoutingHarness.client(43)
        let outcome = try await first.text("hello", from: client, sid: "SMrestart")
        #expect(try await first.store.outboxDepth() == 1)  // question 1 is waiting; no sender ran

        let second = try await RoutingHarness.make(directory: first.directory)
        #expect(second.practice.id == first.practice.id)
        #expect(try await second.text("hello", from: client, sid: "SMrestart").disposition == .duplicate)
        let next = try await second.text("Pat", from: client)
        #expect(next.conversationID == outcome.conversationID)
        #expect(next.replies == [Replies.profileQuestion2(firstName: "Pat")])

        let carrier = SandboxCarrier()
        let sender = OutboxSender(store: second.store, carrier: carrier, router: second.router, clock: { second.clock.now() })
        await sender.drainOnce()
        #expect(await carrier.inbox(client).map(\.body) == [Replies.profileQuestion1, Replies.profileQuestion2(firstName: "Pat")])
        #expect(try await second.store.outboxDepth() == 0)
        #expect(try await second.store.integrityCheck() == ["ok"])
    }

    @Test("Idle sessions are evicted and rebuilt from the store on the next text")
    func eviction() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(44)
        let first = try await h.text("hello", from: client)
        #expect(await h.router.liveSessionCount == 1)
        #expect(await h.router.evictIdleSessions() == 0)  // not idle yet
        h.clock.advance(hours: 1)
        #expect(await h.router.evictIdleSessions() == 1)
        #expect(await h.router.liveSessionCount == 0)
        let next = try await h.text("Max", from: client)
        #expect(next.conversationID == first.conversationID)
        #expect(next.replies == [Replies.profileQuestion2(firstName: "Max")])
    }

    @Test("C3: delivery states only move forward; failures keep their code")
    func deliveryStates() async throws {
        let h = try await RoutingHarness.make()
        let landline = PhoneNumber(e164: "+13125550106")!  // sandbox: fictional 555-0106, undelivered 30006
        _ = try await h.router.sendReminder(practice: h.practice.id, phone: landline, body: "Checkup due")
        let carrier = SandboxCarrier()
        let sender = OutboxSender(store: h.store, carrier: carrier, router: h.router, clock: { h.clock.now() })
        await sender.drainOnce()
        let sid = try #require(await carrier.inbox(landline).first?.sid)
        let updated = try await h.store.updateDelivery(carrierSID: sid, state: .undelivered, errorCode: 30006)
        #expect(updated?.deliveryState == .undelivered)
        #expect(updated?.errorExplanation?.contains("landline") == true)
        #expect(try await h.store.updateDelivery(carrierSID: sid, state: .sent, errorCode: nil) == nil)
    }
}
