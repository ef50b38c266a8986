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

        /// Second life on the first life's directory: sends until the outbox is empty; with
        /// `drainAgain`, a later pass must find nothing more to send.
        private func restartAndSend(
            fake: FakeCarrierServer, directory: URL, drainAgain: Bool = true
        ) async throws {
            let second = try await CarrierPathHarness(fake: fake, directory: directory)
            do {
                #expect(try await second.send { try await second.store.outboxDepth() == 0 })
                if drainAgain { #expect(await second.sender.drainOnce() == 0) }
            } catch {
                await second.shutdown()
                throw error
            }
            await second.shutdown()
        }

        /// Where the first life is killed while reminders are queued.
        struct Kill: Sendable, CustomTestStringConvertible {
            var testDescription: String
            /// Reminders queued in the first life.
            var reminders: Int
            var segmentsPerSecond: Double
            /// Sends accepted before the kill; 0: the sender never runs.
            var sentBefore: Int
        }

        @Test("messages queued at a kill are sent once each after the restart", arguments: [
            Kill(testDescription: "before the sender ran", reminders: 5, segmentsPerSecond: 1000, sentBefore: 0),
            // Ten reminders at 2 segments/s, stopped once three are sent, i.e. while the sender
            // waits for the fourth slot.
            Kill(testDescription: "between two paced sends", reminders: 10, segmentsPerSecond: 2, sentBefore: 3),
        ])
        func queuedAtTheKill(_ kill: Kill) async throws {
            let directory = try Support.temporaryDirectory("twowayd-restart")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                var expected: [String] = []
                do {
                    let first = try await CarrierPathHarness(
                        fake: fake, directory: directory,
                        sender: CarrierPathHarness.senderConfiguration(segmentsPerSecond: kill.segmentsPerSecond))
                    let practice = try await first.addPractice(1, number: try Support.practiceNumber(1))
                    for n in 1...kill.reminders {
                        let body = "Queued reminder \(n)."
                        _ = try await first.queueReminder(practice: practice.id, to: try Support.client(n), body: body)
                        expected.append(key(try Support.client(n), body))
                    }
                    let left = kill.reminders - kill.sentBefore
                    if kill.sentBefore == 0 {
                        #expect(try await first.store.outboxDepth() == left)
                    } else {
                        #expect(try await first.send { try await first.store.outboxDepth() <= left })
                    }
                    // The kill: nothing of the first life is flushed or closed (only its idle
                    // HTTP client, which a dead process would not need either).
                    await first.client.shutdown()
                }
                #expect(fake.requests.count == kill.sentBefore)
                #expect(fake.requests.filter(\.isAcceptedSend).count == kill.sentBefore)

                try await restartAndSend(fake: fake, directory: directory)
                #expect(acceptedCounts(fake) == Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }))
                #expect(fake.requests.count == kill.reminders)
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
                try await restartAndSend(fake: fake, directory: directory, drainAgain: false)
                // Both requests reached the carrier: the text may be delivered twice, never lost.
                #expect(fake.requests.filter(\.isSend).count == 2)
                #expect(Set(fake.requests.filter(\.isSend).compactMap { $0.value("Body") }) == [body])
            }
        }
    }
}
