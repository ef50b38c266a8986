import CarrierTestKit
import Foundation
import Testing
import TextingCore
import TextingStore
@testable import Daemon

extension CarrierIntegration {
    /// D4: in twilio mode only webhooks the carrier signed for our public URL are used.
    @Suite("Webhook signatures (D4)")
    struct WebhookRefusals {
        typealias Support = IntegrationSupport

        /// Runs `body` with a harness whose practice texts from 833-555-0101.
        private func withHarness(_ body: (CarrierPathHarness) async throws -> Void) async throws {
            let directory = try Support.temporaryDirectory("twowayd-webhooks")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await FakeCarrierServer.with { fake in
                let harness = try await CarrierPathHarness(fake: fake, directory: directory)
                do {
                    try await harness.addPractice(1, number: try Support.practiceNumber(1))
                    try await body(harness)
                } catch {
                    await harness.shutdown()
                    throw error
                }
                await harness.shutdown()
            }
        }

        /// Every inbound message stored anywhere (routed, unrouted or to no practice).
        private func storedInbound(_ harness: CarrierPathHarness) async throws -> [MessageRecord] {
            var all = try await harness.store.messagesOutsideConversations(practice: nil)
            for practice in await harness.router.allPractices() {
                all += try await harness.store.messagesOutsideConversations(practice: practice.id)
                for conversation in try await harness.store.conversations(practice: practice.id, activeOnly: false) {
                    all += try await harness.store.messages(conversation: conversation.id)
                }
            }
            return all.filter { $0.direction == .inbound }
        }

        private static let path = "/twilio/sms"
        private static func form(_ body: String) -> [FormParameters.Field] {
            Support.inboundForm(sid: "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: ""),
                                from: "+13125552001", to: "+18335550101", body: body)
        }

        @Test("forged, unsigned, replayed and malformed webhooks are refused and nothing is stored")
        func refusals() async throws {
            try await withHarness { harness in
                // Forged: signed with a token that is not ours.
                let forged = await harness.post(Self.path, Self.form("forged"), token: "not-the-auth-token")
                #expect(forged.status == 403)
                #expect(forged.bodyText.contains("webhook.invalid_signature"))

                // Unsigned.
                let unsigned = await harness.post(Self.path, Self.form("unsigned"), signedBase: nil)
                #expect(unsigned.status == 403)

                // Replayed: a genuine signature, but for another site's URL.
                let replayed = await harness.post(Self.path, Self.form("replayed"), signedBase: "https://other.example")
                #expect(replayed.status == 403)

                // A signature for our URL whose fields were changed afterwards.
                let fields = Self.form("original")
                var headers: HTTPFields = ["Content-Type": "application/x-www-form-urlencoded"]
                headers.append(name: TwilioSignature.headerName,
                               value: Support.signature(url: Support.publicURL + Self.path, fields: fields))
                let tampered = fields.map { $0.name == "Body" ? FormParameters.Field("Body", "tampered") : $0 }
                let altered = await harness.routes.handle(HTTPRequest(
                    method: "POST", uri: Self.path, headers: headers, body: Support.encode(tampered)))
                #expect(altered.status == 403)

                // Malformed: a broken percent escape (signed over what it would mean), and a
                // correctly signed form without `From`.
                let malformed = await harness.post(
                    Self.path, Self.form("malformed"), body: Array("MessageSid=SM1&From=%2&To=%2B18335550101&Body=x".utf8))
                #expect(malformed.status == 400)
                let noFrom = Self.form("no from").filter { $0.name != "From" }
                let missing = await harness.post(Self.path, noFrom)
                #expect(missing.status == 400)

                let storedAfterRefusals = try await storedInbound(harness)
                #expect(storedAfterRefusals.isEmpty)

                // The same text correctly signed is stored: the refusals were about the signature.
                let genuine = await harness.post(Self.path, Self.form("genuine"))
                #expect(genuine.status == 200)
                let storedAfterGenuine = try await storedInbound(harness)
                #expect(storedAfterGenuine.map(\.body) == ["genuine"])
            }
        }

        @Test("a status callback signed for another URL changes nothing; the genuine one applies")
        func statusCallbackSignatures() async throws {
            try await withHarness { harness in
                let practice = try #require(await harness.router.allPractices().first)
                let id = try await harness.queueReminder(
                    practice: practice.id, to: try Support.client(1), body: "Rex's vaccine is due.")
                #expect(try await harness.send { try await harness.message(id).carrierSID != nil })
                let sid = try #require(try await harness.message(id).carrierSID)
                let target = "/twilio/status?message=\(id.rawValue)"
                let fields: [FormParameters.Field] = [
                    .init("MessageSid", sid), .init("MessageStatus", "delivered"), .init("AccountSid", Support.accountSID),
                ]
                #expect(await harness.post(target, fields, signedBase: "https://other.example").status == 403)
                #expect(await harness.post(target, fields, signedBase: nil).status == 403)
                #expect(try await harness.message(id).deliveryState == .queued)
                #expect(await harness.post(target, fields).status == 200)
                #expect(try await harness.message(id).deliveryState == .delivered)
            }
        }
    }
}
