import Foundation
import Operations
import Testing

/// V1: signatures follow the Standard Webhooks specification.
@Suite("WebhookSigner: Standard Webhooks signatures")
struct WebhookSignerTests {
    @Test("V1: the specification's published example signs to its published signature")
    func specificationVector() throws {
        let signer = try #require(WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("V1: secrets must be whsec_ and base64; new secrets are whsec_ with 32 random bytes")
    func secrets() throws {
        #expect(WebhookSigner(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
        #expect(WebhookSigner(secret: "whsec_!!!") == nil)
        #expect(WebhookSigner(secret: "whsec_") == nil)
        let secret = WebhookSigner.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
        #expect(secret != WebhookSigner.newSecret())
        #expect(WebhookSigner(secret: secret) != nil)
    }

    @Test("V1: the three headers, the id stable per event")
    func headers() throws {
        let signer = try #require(WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let headers = signer.headers(id: WebhookSigner.messageID(event: 42), timestamp: 1_700_000_000, body: Data("{}".utf8))
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[0].value == "evt_42")
        #expect(headers[1].value == "1700000000")
        #expect(headers[2].value.hasPrefix("v1,"))
    }
}
