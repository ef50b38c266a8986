import Testing
@testable import Daemon

@Suite struct HMACSHA1Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func sha1KnownAnswers() {
        #expect(Self.hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Self.hex(SHA1.hash(Self.bytes("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(SHA1.hash(Self.bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // Lengths around the padding boundary (55, 56, 63, 64, 65 bytes) all hash without trapping.
        for length in [55, 56, 63, 64, 65] {
            #expect(SHA1.hash([UInt8](repeating: 0x61, count: length)).count == 20)
        }
    }

    /// RFC 2202, section 3: the seven HMAC-SHA1 test cases.
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), bytes("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"),
        (bytes("Jefe"), bytes("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        ([UInt8](repeating: 0x0c, count: 20), bytes("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
        ([UInt8](repeating: 0xaa, count: 80), bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        ([UInt8](repeating: 0xaa, count: 80),
         bytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
    ])
    func rfc2202(key: [UInt8], data: [UInt8], expected: String) {
        #expect(Self.hex(HMACSHA1.authenticationCode(for: data, key: key)) == expected)
    }

    @Test func constantTimeEquality() {
        #expect(HMACSHA1.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA1.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA1.constantTimeEquals([1, 2, 3], [1, 2]))
    }

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
