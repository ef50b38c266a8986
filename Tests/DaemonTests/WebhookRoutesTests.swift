import Foundation
import Routing
import Testing
import TextingCore
import TextingStore
@testable import Daemon

@Suite struct WebhookRoutesTests {
    @Test func validTextIsStoredThenAcknowledgedWithEmptyTwiML() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(
            harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMvalid1")))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/xml")
        #expect(response.bodyText == #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#)

        // D1: by the time the 200 exists the message is in the database.
        let stored = try await harness.inboundMessages()
        #expect(stored.map(\.carrierSID) == ["SMvalid1"])
        #expect(stored.first?.body == "Is Bella's food ready?")
        #expect(stored.first?.phone.e164 == "+13125550142")

        let entry = try #require(harness.logs.events("inbound").first)
        #expect(entry.message == "inbound text")
        #expect(entry.metadata["message_sid"] == "SMvalid1")
        #expect(entry.metadata["from"] == "+1******0142")
        #expect(entry.metadata["disposition"] == "routed")
        #expect(entry.metadata["practice"]?.description == "\(harness.practice.id)")
        #expect(entry.metadata["conversation"] != nil)
        #expect(!harness.logs.entries.contains { "\($0.message) \($0.metadata)".contains("3125550142") })
    }

    @Test func automaticReplyReachesTheHandsetThroughTheOutbox() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        #expect(await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm())).status == 200)
        // An unknown number is asked for its name (A4), possibly after the after-hours reply (A1).
        let sender = OutboxSender(
            store: harness.store, carrier: harness.carrier, router: harness.router,
            configuration: .init(segmentsPerSecond: 10_000), logger: quietLogger)
        #expect(await sender.drainOnce() >= 1)
        let inbox = await harness.carrier.inbox(try PhoneNumber(parsing: "+13125550142"))
        #expect(inbox.contains { $0.body.contains("(Question 1/3)") })
        #expect(inbox.allSatisfy { $0.from == harness.practice.number.usable })
    }

    @Test func retriedMessageSidIsStoredOnce() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let request = harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMretry"))
        #expect(await harness.routes.handle(request).status == 200)
        #expect(await harness.routes.handle(request).status == 200)
        #expect(try await harness.inboundMessages().count == 1)
        #expect(harness.logs.events("inbound").last?.metadata["disposition"] == "duplicate")
    }

    @Test func legacySmsSidAndMediaAreRead() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        var fields = WebhookHarness.inboundForm(body: "").filter { $0.name != "MessageSid" && $0.name != "NumMedia" }
        fields += [.init("SmsSid", "SMlegacy"), .init("NumMedia", "2"),
                   .init("MediaUrl0", "https://api.twilio.com/m/0"), .init("MediaContentType0", "image/jpeg"),
                   .init("MediaUrl1", "https://api.twilio.com/m/1"), .init("MediaContentType1", "application/pdf")]
        #expect(await harness.routes.handle(harness.post("/twilio/sms", fields)).status == 200)
        let stored = try #require(try await harness.inboundMessages().first)
        #expect(stored.carrierSID == "SMlegacy")
        #expect(stored.body == "")
        #expect(stored.media.map(\.contentType) == ["image/jpeg", "application/pdf"])
        #expect(stored.media.map(\.sourceURL) == ["https://api.twilio.com/m/0", "https://api.twilio.com/m/1"])
    }

    @Test func textToAnUnknownNumberIsStoredUnrouted() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(
            harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMorphan", to: "+18005550100")))
        #expect(response.status == 200)
        #expect(harness.logs.events("inbound").first?.metadata["disposition"] == "unrouted")
    }

    @Test(arguments: ["From", "To", "MessageSid"])
    func missingRequiredFieldIs400(field: String) async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let fields = WebhookHarness.inboundForm().filter { $0.name != field }
        let response = await harness.routes.handle(harness.post("/twilio/sms", fields))
        #expect(response.status == 400)
        #expect(response.bodyText.contains(field))
        #expect(try await harness.inboundMessages().isEmpty)
    }

    @Test func foreignSenderIsRefusedWithTheReasonAndLoggedMasked() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(
            harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMjm", from: "+18765550142")))
        #expect(response.status == 400)
        #expect(response.bodyText.contains("Jamaica"))
        #expect(response.bodyText.contains("phone.country_not_supported"))
        let entry = try #require(harness.logs.events("inbound_refused").first)
        #expect(entry.metadata["from"] == "+1******0142")
        #expect(try await harness.inboundMessages().isEmpty)
    }

    @Test func malformedBodyAndWrongContentTypeAreRefused() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let malformed = HTTPRequest(
            method: "POST", uri: "/twilio/sms", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("From=%2&To=x".utf8))
        let response = await harness.routes.handle(malformed)
        #expect(response.status == 400)
        #expect(response.bodyText.contains("form.bad_escape"))

        var json = harness.post("/twilio/sms", WebhookHarness.inboundForm())
        json.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        #expect(await harness.routes.handle(json).status == 415)
    }

    @Test func twilioModeNeedsAValidSignature() async throws {
        let harness = try await WebhookHarness.make(signed: true)
        defer { harness.directory.remove() }
        let fields = WebhookHarness.inboundForm(sid: "SMsigned")

        let unsigned = await harness.routes.handle(harness.post("/twilio/sms", fields))
        #expect(unsigned.status == 403)
        let forged = await harness.routes.handle(
            harness.post("/twilio/sms", fields, sign: true, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
        #expect(forged.status == 403)
        var tampered = harness.post("/twilio/sms", fields, sign: true)
        tampered.body = WebhookHarness.encode(fields.map { $0.name == "Body" ? .init("Body", "changed") : $0 })
        #expect(await harness.routes.handle(tampered).status == 403)
        #expect(try await harness.inboundMessages().isEmpty)
        #expect(harness.logs.events("signature_invalid").count == 3)

        let signed = await harness.routes.handle(harness.post("/twilio/sms", fields, sign: true))
        #expect(signed.status == 200)
        #expect(try await harness.inboundMessages().count == 1)

        // The signature covers the query too, against the configured public URL.
        let withQuery = HTTPRequest(
            method: "POST", uri: "/twilio/sms?practice=1",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                TwilioSignature.headerName: TwilioSignature.signature(
                    url: WebhookHarness.publicURL + "/twilio/sms?practice=1",
                    fields: WebhookHarness.inboundForm(sid: "SMq"), authToken: WebhookHarness.authToken),
            ],
            body: WebhookHarness.encode(WebhookHarness.inboundForm(sid: "SMq")))
        #expect(await harness.routes.handle(withQuery).status == 200)
    }

    @Test func reloadedTokenAppliesToTheNextWebhook() async throws {
        let harness = try await WebhookHarness.make(signed: true)
        defer { harness.directory.remove() }
        let request = harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMrotated"), sign: true)
        var rotated = harness.settings.current
        rotated.authToken = "new-token"
        harness.settings.replace(with: rotated)
        #expect(await harness.routes.handle(request).status == 403)
    }

    @Test func storeFailureAnswers503SoTheCarrierRetries() async throws {
        let harness = try await WebhookHarness.make { FailingStore(base: $0) }
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMfail")))
        #expect(response.status == 503)
        #expect(harness.logs.events("inbound_error").count == 1)
        #expect(try await harness.inboundMessages().isEmpty)
    }

    @Test func deliveryStatusCallbackIsApplied() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        // An unknown sid is acknowledged (the carrier must not retry it forever).
        let unknown = await harness.routes.handle(harness.post("/twilio/status", [
            .init("MessageSid", "SMnone"), .init("MessageStatus", "delivered"),
        ]))
        #expect(unknown.status == 200)
        let ignored = await harness.routes.handle(harness.post("/twilio/status", [.init("MessageSid", "SMx")]))
        #expect(ignored.status == 200)
    }

    @Test func healthUnknownRoutesAndMethods() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let health = await harness.routes.handle(HTTPRequest(method: "GET", path: "/health"))
        #expect(health.status == 200)
        #expect(health.bodyText == "ok\n")
        #expect(await harness.routes.handle(HTTPRequest(method: "GET", path: "/nope")).status == 404)
        #expect(await harness.routes.handle(HTTPRequest(method: "GET", path: "/twilio/sms/")).status == 404)
        let wrongMethod = await harness.routes.handle(HTTPRequest(method: "GET", path: "/twilio/sms"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "POST")
        #expect(await harness.routes.handle(HTTPRequest(method: "POST", path: "/health")).status == 405)
    }
}
