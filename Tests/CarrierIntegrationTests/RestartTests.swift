import CarrierTestKit
import Foundation
import Testing
import TextingCore
@testable import Daemon

extension CarrierIntegration {
    /// D2: the outbox survives a kill; queued messages go out after the restart exactly once.
    @Suite("Restart with a queued outbox (D2)")
    struct Restart {
        typealias Support = IntegrationSupport

        /// How many times the carrier accepted each (To, Body).
        private func acceptedCounts(_ fake: FakeCarrierServer) -> [String: Int] {
            fake.requests.filter(\.isAcceptedSend).reduce(into: [:]) { counts, request in
                counts["\(request.value("To") ?? "?") \(request.value("Body") ?? "?")", default: 0] += 1
            }
        }

        private func key(_ phone: PhoneNumber, _ body: String) -> String { "\(phone.e164) \(body)" }

        @Test("messages queued before a kill (sender never ran) are sent once each after the restart")
        func queuedBeforeTheKill() async throws {
            let directory = try Support.temporaryDirectory("twowayd-restart")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                var expected: [String] = []
                do {
                    // First life: queue five reminders; the sender never runs.
                    let first = try await CarrierPathHarness(fake: fake, directory: directory)
                    let practice = try await first.addPractice(1, number: try Support.practiceNumber(1))
                    for n in 1...5 {
                        let body = "Queued reminder \(n)."
                        _ = try await first.queueReminder(practice: practice.id, to: try Support.client(n), body: body)
                        expected.append(key(try Support.client(n), body))
                    }
                    #expect(try await first.store.outboxDepth() == 5)
                    // The kill: nothing of the first life is flushed or closed (only its idle
                    // HTTP client, which a dead process would not need either).
                    await first.client.shutdown()
                }
                #expect(fake.requests.isEmpty)

                let second = try await CarrierPathHarness(fake: fake, directory: directory)
                do {
                    #expect(try await second.send { try await second.store.outboxDepth() == 0 })
                    // A later pass finds nothing more to send.
                    #expect(await second.sender.drainOnce() == 0)
                } catch {
                    await second.shutdown()
                    throw error
                }
                await second.shutdown()
                #expect(acceptedCounts(fake) == Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }))
                #expect(fake.requests.count == 5)
            }
        }

        @Test("a sender stopped between two paced sends leaves the rest queued; each is sent once after the restart")
        func stoppedMidway() async throws {
            let directory = try Support.temporaryDirectory("twowayd-restart")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                var expected: [String] = []
                do {
                    // First life: ten reminders at 2 segments/s; stopped once three are sent,
                    // i.e. while the sender waits for the fourth slot.
                    let first = try await CarrierPathHarness(
                        fake: fake, directory: directory,
                        sender: CarrierPathHarness.senderConfiguration(segmentsPerSecond: 2))
                    let practice = try await first.addPractice(1, number: try Support.practiceNumber(1))
                    for n in 1...10 {
                        let body = "Paced reminder \(n)."
                        _ = try await first.queueReminder(practice: practice.id, to: try Support.client(n), body: body)
                        expected.append(key(try Support.client(n), body))
                    }
                    #expect(try await first.send { try await first.store.outboxDepth() <= 7 })
                    await first.client.shutdown()
                }
                let sentBefore = fake.requests.filter(\.isAcceptedSend).count
                #expect(sentBefore == 3)

                let second = try await CarrierPathHarness(fake: fake, directory: directory)
                do {
                    #expect(try await second.send { try await second.store.outboxDepth() == 0 })
                    #expect(await second.sender.drainOnce() == 0)
                } catch {
                    await second.shutdown()
                    throw error
                }
                await second.shutdown()
                #expect(acceptedCounts(fake) == Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }))
                #expect(fake.requests.count == 10)
            }
        }

        @Test("a message in flight at the kill may reach the carrier twice (the documented at-least-once window)")
        func inFlightAtTheKill() async throws {
            let directory = try Support.temporaryDirectory("twowayd-restart")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                let client = try Support.client(1)
                let body = "In flight at the kill."
                // The carrier takes the first request but answers only after the "kill".
                fake.enqueue(.delayed(.seconds(3), .json(status: 201, body: #"{"sid":"SMinflight","status":"queued"}"#)))
                do {
                    let first = try await CarrierPathHarness(fake: fake, directory: directory)
                    let practice = try await first.addPractice(1, number: try Support.practiceNumber(1))
                    _ = try await first.queueReminder(practice: practice.id, to: client, body: body)
                    first.startSender()
                    #expect(await fake.waitForRequests(timeout: .seconds(5)) { $0.contains(where: \.isSend) } != nil)
                    await first.shutdown()
                }
                let second = try await CarrierPathHarness(fake: fake, directory: directory)
                do {
                    #expect(try await second.send { try await second.store.outboxDepth() == 0 })
                } catch {
                    await second.shutdown()
                    throw error
                }
                await second.shutdown()
                // Both requests reached the carrier: the text may be delivered twice, never lost.
                #expect(fake.requests.filter(\.isSend).count == 2)
                #expect(Set(fake.requests.filter(\.isSend).compactMap { $0.value("Body") }) == [body])
            }
        }
    }
}
