import CarrierTestKit
import Foundation
import Testing
import TextingCore
import TextingStore
@testable import Daemon

extension CarrierIntegration {
    /// D2, C3, O5: what the sender does with each kind of carrier answer.
    @Suite("Outbound retries and refusals (D2, C3, O5)")
    struct OutboundRetries {
        typealias Support = IntegrationSupport

        /// Runs `body` with a harness, its practice (texting from 833-555-0101) and the fake.
        private func withHarness(
            maxAttempts: Int = 10, _ body: (CarrierPathHarness, Practice, FakeCarrierServer) async throws -> Void
        ) async throws {
            let directory = try Support.temporaryDirectory("twowayd-retries")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                let harness = try await CarrierPathHarness(
                    fake: fake, directory: directory,
                    sender: CarrierPathHarness.senderConfiguration(maxAttempts: maxAttempts))
                do {
                    let practice = try await harness.addPractice(1, number: try Support.practiceNumber(1))
                    try await body(harness, practice, fake)
                } catch {
                    await harness.shutdown()
                    throw error
                }
                await harness.shutdown()
            }
        }

        @Test("429 then success: retried, sent once, delivered after the status callback")
        func throttledThenSent() async throws {
            try await withHarness { harness, practice, fake in
                fake.enqueue(.error(status: 429, code: 20429, message: "Too Many Requests"))
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(1), body: "Bella's checkup is tomorrow at 9.")
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })

                let sends = fake.requests.filter(\.isSend)
                #expect(sends.map(\.answer) == [429, 201])
                #expect(sends.filter(\.isAcceptedSend).count == 1)
                #expect(Set(sends.compactMap { $0.value("Body") }) == ["Bella's checkup is tomorrow at 9."])
                let message = try await harness.message(id)
                #expect(message.deliveryState == .queued)
                let sid = try #require(message.carrierSID)
                #expect(sid == FakeCarrierServer.messageSID(1))

                // The carrier calls the StatusCallback URL the client gave it, signed.
                let callbackURL = try #require(sends.last?.value("StatusCallback"))
                #expect(callbackURL == "\(Support.publicURL)/twilio/status?message=\(id.rawValue)")
                let target = String(callbackURL.dropFirst(Support.publicURL.count))
                let sent = await harness.post(target, [.init("MessageSid", sid), .init("MessageStatus", "sent")])
                let delivered = await harness.post(target, [.init("MessageSid", sid), .init("MessageStatus", "delivered")])
                #expect(sent.status == 200 && delivered.status == 200)
                let final = try await harness.message(id)
                #expect(final.deliveryState == .delivered)
                #expect(final.errorCode == nil)
            }
        }

        @Test("500 then success: retried and sent once")
        func serverErrorThenSent() async throws {
            try await withHarness { harness, practice, fake in
                fake.enqueue(.error(status: 500, code: 20500, message: "Internal Server Error"))
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(2), body: "Max's x-rays are back.")
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })
                let sends = fake.requests.filter(\.isSend)
                #expect(sends.map(\.answer) == [500, 201])
                #expect(try await harness.message(id).carrierSID == FakeCarrierServer.messageSID(1))
            }
        }

        @Test("a connection closed without an answer is retried like a server error")
        func connectionClosedThenSent() async throws {
            try await withHarness { harness, practice, fake in
                fake.enqueue(.closeConnection)
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(3), body: "Luna's spay is confirmed.")
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })
                #expect(fake.requests.filter(\.isSend).map(\.answer) == [nil, 201])
                #expect(try await harness.message(id).carrierSID != nil)
            }
        }

        @Test("retryable errors past maxAttempts are recorded as failed with the last code")
        func retriesRunOut() async throws {
            try await withHarness(maxAttempts: 3) { harness, practice, fake in
                fake.respondUnscripted { $0.isSend ? .error(status: 503, code: 20503, message: "Service Unavailable") : nil }
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(4), body: "Milo's food is in.")
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })
                #expect(fake.requests.filter(\.isSend).count == 3)
                let message = try await harness.message(id)
                #expect(message.deliveryState == .failed)
                #expect(message.errorCode == 20503)
            }
        }

        @Test("400 with 21610: failed with the code and its explanation, number opted out of both (O5)")
        func unsubscribedRecipient() async throws {
            try await withHarness { harness, practice, fake in
                fake.enqueue(.error(status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient"))
                let client = try Support.client(5)
                let id = try await harness.queueReminder(
                    practice: practice.id, to: client, body: "Daisy's nails are due for a trim.")
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })
                #expect(fake.requests.filter(\.isSend).count == 1)

                let message = try await harness.message(id)
                #expect(message.deliveryState == .failed)
                #expect(message.errorCode == 21610)
                #expect(message.errorExplanation == CarrierErrorCode.explanation(21610))
                #expect(message.errorExplanation?.contains("opted out") == true)

                let subscriptions = try await harness.store.subscriptions(practice: practice.id, phone: client)
                #expect(!subscriptions.twoWay)
                #expect(!subscriptions.reminders)
                let history = try await harness.store.subscriptionHistory(practice: practice.id, phone: client)
                #expect(Set(history.map(\.kind)) == [.twoWay, .reminders])
                #expect(history.allSatisfy { !$0.subscribed && $0.method == "carrier error 21610" })

                // Nothing more goes to the carrier for that number: a new reminder is refused.
                await #expect(throws: TextingError.self) {
                    _ = try await harness.queueReminder(practice: practice.id, to: client, body: "Again?")
                }
            }
        }

        @Test("a body over 1,600 characters is refused with 21617 without calling the carrier")
        func bodyTooLong() async throws {
            try await withHarness { harness, practice, fake in
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(6), body: String(repeating: "a", count: 1601))
                #expect(try await harness.send { try await harness.store.outboxDepth() == 0 })
                #expect(fake.requests.filter(\.isSend).isEmpty)
                let message = try await harness.message(id)
                #expect(message.deliveryState == .failed)
                #expect(message.errorCode == 21617)
            }
        }
    }
}
