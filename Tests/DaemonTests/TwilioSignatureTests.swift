import Testing
@testable import Daemon

/// Issue 11, defect 5 (D4): webhook signatures as Twilio's reference library computes and checks
/// them, and exactly one signature header.
@Suite("Twilio signatures as the reference library computes them (issue 11, defect 5)")
struct TwilioSignatureTests {
    static func fields(_ vector: TwilioSignatureVectors.Vector) -> [FormParameters.Field] {
        vector.fields.map { FormParameters.Field($0.0, $0.1) }
    }

    @Test("D4: the signature equals twilio-python's compute_signature", arguments: TwilioSignatureVectors.all)
    func computedLikeTheReferenceLibrary(vector: TwilioSignatureVectors.Vector) {
        #expect(TwilioSignature.signature(
            url: vector.signedURL, fields: Self.fields(vector), authToken: TwilioSignatureVectors.authToken)
            == vector.signature)
    }

    @Test("D4: a signature is valid exactly when twilio-python's validate says so", arguments: TwilioSignatureVectors.all)
    func checkedLikeTheReferenceLibrary(vector: TwilioSignatureVectors.Vector) {
        #expect(TwilioSignature.isValid(
            signature: vector.signature, url: vector.url, fields: Self.fields(vector),
            authToken: TwilioSignatureVectors.authToken) == vector.valid)
    }

    /// A harness whose auth token and public URL are those of the vectors.
    static func harness() async throws -> WebhookHarness {
        let harness = try await WebhookHarness.make(signed: true)
        var settings = harness.settings.current
        settings.authToken = TwilioSignatureVectors.authToken
        harness.settings.replace(with: settings)
        return harness
    }

    static func request(_ vector: TwilioSignatureVectors.Vector, signatures: [String]) -> HTTPRequest {
        var headers: HTTPFields = ["Content-Type": "application/x-www-form-urlencoded"]
        for signature in signatures { headers.append(name: TwilioSignature.headerName, value: signature) }
        return HTTPRequest(method: "POST", uri: "/twilio/sms", headers: headers,
                           body: WebhookHarness.encode(fields(vector)))
    }

    @Test("D4: a text with a repeated identical field, signed by twilio-python, is stored")
    func repeatedIdenticalFieldSignedByTheReferenceLibraryIsAccepted() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let vector = try #require(TwilioSignatureVectors.all.first { $0.name == "repeated identical field" })
        #expect(vector.url == WebhookHarness.publicURL + "/twilio/sms")
        let response = await harness.routes.handle(Self.request(vector, signatures: [vector.signature]))
        #expect(response.status == 200)
        #expect(try await harness.inboundMessages().map(\.carrierSID) == ["SM0123456789abcdef"])
    }

    @Test("D4: two X-Twilio-Signature headers are refused with 403, whichever comes first")
    func twoSignatureHeadersAre403() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let vector = try #require(TwilioSignatureVectors.all.first { $0.name == "inbound text" })
        let forged = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        for signatures in [[vector.signature, forged], [forged, vector.signature], [vector.signature, vector.signature]] {
            let response = await harness.routes.handle(Self.request(vector, signatures: signatures))
            #expect(response.status == 403)
            #expect(response.bodyText.contains("webhook.invalid_signature"))
        }
        #expect(try await harness.inboundMessages().isEmpty)
        #expect(harness.logs.events("signature_invalid").allSatisfy { $0.metadata["signatures"] == "2" })

        // The same request with its one good signature is stored.
        #expect(await harness.routes.handle(Self.request(vector, signatures: [vector.signature])).status == 200)
    }
}
