import Foundation
import Testing
import Carrier
import Routing
import TextingCore

@Suite("D2 outbox pacing per sender number")
struct OutboxLaneTests {
    @Test("D2: a practice with a long queue does not delay another practice's text")
    func longQueueDoesNotBlockOthers() async throws {
        let h = try await RoutingHarness.make()
        let other = try await h.router.addPractice(Practice(
            id: PracticeID(0), name: "Birch Animal Hospital", country: .unitedStates, timeZone: h.practice.timeZone,
            practicePhone: try PhoneNumber(parsing: "312-555-0300"), emergencyPhone: try PhoneNumber(parsing: "312-555-0399"),
            textingEnabled: true, number: .assigned(SandboxNumberPool.number(at: 1)!)))  // the pool's second number
        for i in 0..<30 {
            _ = try await h.router.sendReminder(practice: h.practice.id, phone: RoutingHarness.client(500 + i),
                                                body: "Reminder \(i)")
        }
        let carrier = SandboxCarrier()
        let sender = OutboxSender(
            store: h.store, carrier: carrier, router: h.router,
            configuration: .init(segmentsPerSecond: 10, pollInterval: .milliseconds(50)), clock: { h.clock.now() })
        let running = Task { await sender.run() }
        defer { running.cancel() }
        sender.wake()
        try await Task.sleep(for: .milliseconds(400))  // the first practice's lane is busy for ~3 s

        let client = RoutingHarness.client(600)
        _ = try await h.router.sendReminder(practice: other.id, phone: client, body: "Other practice")
        sender.wake()
        let started = ContinuousClock.now
        while await carrier.inbox(client).isEmpty, ContinuousClock.now - started < .seconds(5) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let waited = ContinuousClock.now - started
        #expect(await carrier.inbox(client).map(\.body) == ["Other practice"])
        #expect(waited < .seconds(1))
        // The first practice was still sending at its paced rate meanwhile.
        let firstSent = await carrier.allMessages().filter { $0.from == RoutingHarness.practiceNumber }.count
        #expect(firstSent < 30)
    }
}
