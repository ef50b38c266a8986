import Testing
import TextingCore
@testable import Daemon

@Suite("E6 calls to the texting number")
struct VoiceRouteTests {
    static func callForm(to: String = "+18005551000") -> [FormParameters.Field] {
        [.init("CallSid", "CA123"), .init("AccountSid", "AC0"), .init("From", "+13125550142"), .init("To", to),
         .init("CallStatus", "ringing")]
    }

    @Test("E6: a call is forwarded to the practice phone with the caller's number kept")
    func forwardsToPracticePhone() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(harness.post("/twilio/voice", Self.callForm()))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/xml")
        #expect(response.bodyText.contains(#"<Dial callerId="+13125550142""#))
        #expect(response.bodyText.contains(">\(harness.practice.practicePhone.e164)</Dial>"))
        #expect(harness.logs.events("voice_forwarded").first?.metadata["from"] == "+1******0142")
    }

    @Test("E6: a call to a number of no practice is answered, not forwarded")
    func unknownNumber() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let response = await harness.routes.handle(harness.post("/twilio/voice", Self.callForm(to: "+18885550123")))
        #expect(response.status == 200)
        #expect(!response.bodyText.contains("<Dial"))
        #expect(response.bodyText.contains("<Hangup/>"))
    }

    @Test("D4: in twilio mode an unsigned call webhook is refused")
    func unsignedRefused() async throws {
        let harness = try await WebhookHarness.make(signed: true)
        defer { harness.directory.remove() }
        #expect(await harness.routes.handle(harness.post("/twilio/voice", Self.callForm())).status == 403)
        #expect(await harness.routes.handle(harness.post("/twilio/voice", Self.callForm(), sign: true)).status == 200)
    }
}
