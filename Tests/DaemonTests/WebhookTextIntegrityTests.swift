import Foundation
import Testing
import TextingCore
@testable import Daemon

/// Issue 11, defect 3 (D1, R6): nothing a webhook acknowledges is stored differently from what
/// arrived. A carrier id or number with a control character is malformed (400); a message text
/// is stored byte for byte, except that U+0000, which the store cannot keep, is refused (400).
@Suite("Webhooks: what is acknowledged is stored exactly (issue 11, defect 3)")
struct WebhookTextIntegrityTests {
    @Test("D1: a text with U+0000 is refused with its reason, not stored cut short")
    func bodyWithNULIsRefusedNotCutShort() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let request = HTTPRequest(
            method: "POST", uri: "/twilio/sms", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("MessageSid=SMnul1&AccountSid=AC0&From=%2B13125550142&To=%2B18005551000&Body=Bella+needs%00her+meds".utf8))
        let response = await harness.routes.handle(request)
        #expect(response.status == 400)
        #expect(response.bodyText.contains("webhook.invalid_field"))
        #expect(response.bodyText.contains("Body"))
        #expect(try await harness.inboundMessages().isEmpty)
    }

    @Test("D1: line breaks, tabs and other control characters in a text are stored byte for byte")
    func controlCharactersInATextRoundTrip() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let body = "Bella needs\nher meds\r\n\tat 2pm\u{1}\u{7F}\u{85} \u{1F436}"
        let response = await harness.routes.handle(
            harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMctl1", body: body)))
        #expect(response.status == 200)
        let stored = try await harness.inboundMessages()
        #expect(stored.map(\.body) == [body])
    }

    @Test("R6: two MessageSids equal up to a U+0000 are refused, not taken for one message")
    func messageSidsEqualUpToANULAreRefused() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let first = await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(
            sid: "SMtwin\u{0}one", from: "+13125550142", body: "first")))
        let second = await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(
            sid: "SMtwin\u{0}two", from: "+13125550199", body: "second")))
        #expect(first.status == 400 && second.status == 400)
        #expect(first.bodyText.contains("MessageSid"))
        #expect(try await harness.inboundMessages().isEmpty)

        // A clean sid equal to the other up to the NUL is stored; the NUL one is not a retry of it.
        let clean = await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(
            sid: "SMtwin", from: "+13125550142", body: "clean")))
        #expect(clean.status == 200)
        let retry = await harness.routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(
            sid: "SMtwin\u{0}two", from: "+13125550199", body: "second")))
        #expect(retry.status == 400)
        #expect(try await harness.inboundMessages().map(\.body) == ["clean"])
    }

    @Test("A carrier id or number with a control character is malformed: 400 naming the field",
          arguments: ["MessageSid", "AccountSid", "From", "To", "NumMedia", "MediaUrl0", "MediaContentType0"])
    func identifierWithControlCharacterIs400(field: String) async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let clean: [String: String] = [
            "MessageSid": "SMid1", "AccountSid": "AC0", "From": "+13125550142", "To": "+18005551000", "NumMedia": "1",
            "MediaUrl0": "https://api.twilio.com/m/0", "MediaContentType0": "image/jpeg",
        ]
        let order = ["MessageSid", "AccountSid", "From", "To", "NumMedia", "MediaUrl0", "MediaContentType0"]
        let fields = order.map { name in
            FormParameters.Field(name, name == field ? clean[name, default: ""] + "\nevent=forged" : clean[name, default: ""])
        } + [FormParameters.Field("Body", "hi")]
        let response = await harness.routes.handle(harness.post("/twilio/sms", fields))
        #expect(response.status == 400)
        #expect(response.bodyText.contains(field))
        #expect(response.bodyText.contains("webhook.invalid_field"))
        #expect(try await harness.inboundMessages().isEmpty)
    }

    @Test("C3: a status callback whose MessageSid or MessageStatus holds a control character is 400")
    func statusCallbackWithControlCharacterIs400() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let nulSID = await harness.routes.handle(harness.post("/twilio/status", [
            .init("MessageSid", "SMout\u{0}x"), .init("MessageStatus", "delivered"),
        ]))
        #expect(nulSID.status == 400)
        #expect(nulSID.bodyText.contains("MessageSid"))
        let badStatus = await harness.routes.handle(harness.post("/twilio/status", [
            .init("MessageSid", "SMout1"), .init("MessageStatus", "delivered\r\n"),
        ]))
        #expect(badStatus.status == 400)
        #expect(badStatus.bodyText.contains("MessageStatus"))
    }

    @Test("E6: a voice call whose CallSid holds a control character is 400")
    func voiceCallWithControlCharacterIs400() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(harness.post("/twilio/voice", [
            .init("CallSid", "CA1\nevent=forged"), .init("From", "+13125550142"), .init("To", "+18005551000"),
        ]))
        #expect(response.status == 400)
        #expect(response.bodyText.contains("CallSid"))
    }
}
