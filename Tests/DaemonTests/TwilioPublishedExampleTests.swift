import Testing
@testable import Daemon

/// Twilio's published example of its webhook signature, and what changes break it (D4).
@Suite struct TwilioPublishedExampleTests {
    /// Twilio's published example of its webhook signature.
    static let twilioURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let twilioFields: [FormParameters.Field] = [
        .init("CallSid", "CA1234567890ABCDE"), .init("Caller", "+12349013030"), .init("Digits", "1234"),
        .init("From", "+12349013030"), .init("To", "+18005551212"),
    ]

    @Test func twilioPublishedExample() {
        #expect(TwilioSignature.payload(url: Self.twilioURL, fields: Self.twilioFields.reversed())
            == "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212")
        #expect(TwilioSignature.signature(url: Self.twilioURL, fields: Self.twilioFields, authToken: "12345")
            == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        #expect(TwilioSignature.isValid(
            signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: Self.twilioURL, fields: Self.twilioFields, authToken: "12345"))
    }

    @Test func twilioSignatureRejectsAnyChange() {
        let valid = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        #expect(!TwilioSignature.isValid(signature: valid, url: Self.twilioURL, fields: Self.twilioFields, authToken: "54321"))
        #expect(!TwilioSignature.isValid(
            signature: valid, url: Self.twilioURL, fields: Self.twilioFields + [.init("Body", "x")], authToken: "12345"))
        #expect(!TwilioSignature.isValid(
            signature: valid, url: "https://mycompany.com/myapp.php?foo=1&bar=3", fields: Self.twilioFields,
            authToken: "12345"))
        #expect(!TwilioSignature.isValid(signature: "", url: Self.twilioURL, fields: Self.twilioFields, authToken: "12345"))
    }

    @Test func twilioSignatureAcceptsTheDefaultPortEitherWay() {
        let withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        #expect(TwilioSignature.isValid(
            signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: withPort, fields: Self.twilioFields, authToken: "12345"))
        // Like twilio-python's RequestValidator, any port may be removed (issue 11).
        #expect(TwilioSignature.urlVariants("http://a.example:8080/x") == ["http://a.example:8080/x", "http://a.example/x"])
        #expect(TwilioSignature.urlVariants("http://a.example/x") == ["http://a.example/x", "http://a.example:80/x"])
    }
}
