import CarrierTestKit
import Control
import Foundation
import Testing
import TextingCore
@testable import Daemon

extension CarrierIntegration {
    /// C3, O5 end to end: a staff message sent through ``TwilioClient`` to the fake carrier, then
    /// the carrier's signed `POST /twilio/status` callback for that very message (to the
    /// `StatusCallback` URL the send carried), and what staff then see with `conversation show`.
    @Suite("Delivery status callbacks for messages the daemon sent (C3, O5)")
    struct DeliveryStatus {
        typealias Support = IntegrationSupport

        /// The harness, its practice (texting from 833-555-0101), the control handler staff use
        /// (as in a twilio-mode daemon) and the fake carrier.
        struct Setup {
            var harness: CarrierPathHarness
            var practice: Practice
            var control: ControlHandler
            var fake: FakeCarrierServer
        }

        /// A staff message the carrier took: its conversation and id, the path (with query) of
        /// its `StatusCallback`, and the carrier's MessageSid.
        typealias Sent = (conversation: Int64, message: Int64, callback: String, sid: String)

        private func withSetup(_ body: (Setup) async throws -> Void) async throws {
            let directory = try Support.temporaryDirectory("twowayd-status")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                let harness = try await CarrierPathHarness(fake: fake, directory: directory)
                do {
                    let practice = try await harness.addPractice(1, number: try Support.practiceNumber(1))
                    let control = ControlHandler(environment: ControlEnvironment(
                        router: harness.router, version: "test", carrierKind: "twilio", sandbox: nil,
                        provisionNumber: nil, logger: quietLogger))
                    try await body(Setup(harness: harness, practice: practice, control: control, fake: fake))
                } catch {
                    await harness.shutdown()
                    throw error
                }
                await harness.shutdown()
            }
        }

        /// Sends `command` through the control protocol, as `twowayctl --json` does.
        private func call<Command: ControlCommand>(_ setup: Setup, _ command: Command) async throws -> Command.Result {
            let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: 1, command))
            let answer = await setup.control.respond(to: line, connection: ControlConnection())
            let response = try ControlProtocol.makeDecoder().decode(ControlResponse<Command.Result>.self, from: answer)
            if let error = response.error { throw error }
            return try #require(response.result)
        }

        /// Staff start a conversation with `client` and a first message; the sender sends it to
        /// the fake carrier. Returns the conversation, the message and the path (with query) of
        /// the `StatusCallback` the send carried.
        private func staffMessageSent(_ setup: Setup, to client: PhoneNumber, body: String) async throws -> Sent {
            let started = try await call(setup, ConversationStartCommand(
                practice: setup.practice.id.rawValue, staff: "Dr. Alice", to: client.e164, firstName: "Pat",
                lastName: "Lee", title: "Results", message: body))
            let message = try #require(started.message)
            #expect(try await setup.harness.send { try await setup.harness.store.outboxDepth() == 0 })
            let send = try #require(setup.fake.requests.last { $0.isAcceptedSend && $0.value("Body") == body })
            #expect(send.value("To") == client.e164)
            let callbackURL = try #require(send.value("StatusCallback"))
            #expect(callbackURL == "\(Support.publicURL)/twilio/status?message=\(message)")
            let shown = try await call(setup, ConversationShowCommand(
                practice: setup.practice.id.rawValue, conversation: started.conversation))
            #expect(shown.messages.last?.delivery?.state == "queued", "accepted by the carrier, not yet delivered")
            let sid = try #require(try await setup.harness.message(MessageID(message)).carrierSID)
            return (started.conversation, message, String(callbackURL.dropFirst(Support.publicURL.count)), sid)
        }

        /// `conversation show` of the sent message's conversation, and the message's delivery (C3).
        private func shownDelivery(
            _ setup: Setup, _ sent: Sent
        ) async throws -> (ConversationDetail, DeliveryInfo) {
            let shown = try await call(setup, ConversationShowCommand(
                practice: setup.practice.id.rawValue, conversation: sent.conversation))
            return (shown, try #require(shown.messages.first { $0.id == sent.message }?.delivery))
        }

        /// The carrier's callback: signed for the StatusCallback URL, with the fields Twilio sends.
        private func statusCallback(
            _ setup: Setup, _ target: String, sid: String, to client: PhoneNumber, status: String, errorCode: Int? = nil
        ) async -> Int {
            var fields: [FormParameters.Field] = [
                .init("AccountSid", Support.accountSID), .init("From", setup.practice.number.usable?.e164 ?? ""),
                .init("To", client.e164), .init("MessageSid", sid), .init("SmsSid", sid),
                .init("MessageStatus", status), .init("SmsStatus", status), .init("ApiVersion", "2010-04-01"),
            ]
            if let errorCode { fields.append(.init("ErrorCode", "\(errorCode)")) }
            return await setup.harness.post(target, fields).status
        }

        @Test("C3: sent, then delivered; conversation show says delivered without an error")
        func delivered() async throws {
            try await withSetup { setup in
                let client = try Support.client(11)
                let sent = try await staffMessageSent(setup, to: client, body: "Bella's bloodwork is normal.")
                #expect(await statusCallback(setup, sent.callback, sid: sent.sid, to: client, status: "sent") == 200)
                #expect(await statusCallback(setup, sent.callback, sid: sent.sid, to: client, status: "delivered") == 200)
                let (shown, delivery) = try await shownDelivery(setup, sent)
                #expect(delivery == DeliveryInfo(state: "delivered", errorCode: nil, explanation: nil))
                #expect(shown.subscriptions.twoWay && shown.subscriptions.reminders)
            }
        }

        @Test("C3: undelivered with 30006 shows the landline explanation in conversation show")
        func undeliveredLandline() async throws {
            try await withSetup { setup in
                let client = try Support.client(12)
                let sent = try await staffMessageSent(setup, to: client, body: "Max's x-rays are back.")
                #expect(await statusCallback(setup, sent.callback, sid: sent.sid, to: client, status: "sent") == 200)
                #expect(await statusCallback(
                    setup, sent.callback, sid: sent.sid, to: client, status: "undelivered", errorCode: 30006) == 200)
                // A late "delivered" never moves a final state back.
                #expect(await statusCallback(setup, sent.callback, sid: sent.sid, to: client, status: "delivered") == 200)
                let (shown, delivery) = try await shownDelivery(setup, sent)
                #expect(delivery.state == "undelivered")
                #expect(delivery.errorCode == 30006)
                #expect(delivery.explanation == "The number is a landline or its carrier cannot receive texts.")
                // Not an opt-out: the number stays subscribed.
                #expect(shown.subscriptions.twoWay && shown.subscriptions.reminders)
            }
        }

        @Test("C3: a callback with a bad signature changes nothing (D4)")
        func forgedCallbackIgnored() async throws {
            try await withSetup { setup in
                let client = try Support.client(13)
                let sent = try await staffMessageSent(setup, to: client, body: "Luna's spay is confirmed.")
                let forged = await setup.harness.post(
                    sent.callback, [.init("MessageSid", sent.sid), .init("MessageStatus", "failed"), .init("ErrorCode", "21610")],
                    token: "not-the-auth-token")
                #expect(forged.status == 403)
                let record = try await setup.harness.message(MessageID(sent.message))
                #expect(record.deliveryState == .queued && record.errorCode == nil)
                let subscriptions = try await setup.harness.store.subscriptions(practice: setup.practice.id, phone: client)
                #expect(subscriptions.twoWay && subscriptions.reminders)
            }
        }

        @Test("O5: a callback with 21610 (failed or undelivered) opts the number out of both, with the explanation",
              arguments: ["failed", "undelivered"])
        func carrierOptOutByCallback(status: String) async throws {
            try await withSetup { setup in
                let client = try Support.client(14)
                let sent = try await staffMessageSent(setup, to: client, body: "Daisy's nails are due for a trim.")
                #expect(await statusCallback(
                    setup, sent.callback, sid: sent.sid, to: client, status: status, errorCode: 21610) == 200)
                let (shown, delivery) = try await shownDelivery(setup, sent)
                #expect(delivery.state == status)
                #expect(delivery.errorCode == 21610)
                #expect(delivery.explanation == CarrierErrorCode.explanation(21610))
                #expect(!shown.subscriptions.twoWay)
                #expect(!shown.subscriptions.reminders)
                let history = try await call(setup, SubscriptionShowCommand(
                    practice: setup.practice.id.rawValue, phone: client.e164)).history
                #expect(Set(history.map(\.kind)) == ["two_way", "reminders"])
                #expect(history.allSatisfy { !$0.subscribed && $0.method == "carrier error 21610" })

                // S6: staff can no longer text the number; nothing more reaches the carrier.
                let sendsBefore = setup.fake.requests.filter(\.isSend).count
                do {
                    _ = try await call(setup, ConversationReplyCommand(
                        practice: setup.practice.id.rawValue, staff: "Dr. Alice", conversation: sent.conversation,
                        message: "Are you there?"))
                    Issue.record("a reply to a number the carrier blocked was queued")
                } catch let error as ControlErrorBody {
                    #expect(error.code == "subscription.opted_out")
                }
                #expect(setup.fake.requests.filter(\.isSend).count == sendsBefore)
            }
        }
    }
}
