import Testing
@testable import LoadKit

/// The load generator's own SHA-1, HMAC and form encoding against published vectors.
struct SigningTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func sha1Vectors() {
        #expect(Self.hex(SHA1Digest.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.hex(SHA1Digest.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(Self.hex(SHA1Digest.hash(Array(long.utf8))) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func hmacVectors() {
        // RFC 2202 test cases 2 and 6.
        #expect(Self.hex(SHA1Digest.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        let key = [UInt8](repeating: 0xAA, count: 80)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Self.hex(SHA1Digest.hmac(key: key, message: message)) == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    @Test func formEncoding() {
        #expect(FormEncoding.encode([("From", "+13125550142"), ("Body", "Hi & bye 😀")])
            == "From=%2B13125550142&Body=Hi+%26+bye+%F0%9F%98%80")
    }

    @Test func clientNumbersAreDistinct() {
        let numbers = ClientNumbers(count: 1_000_000)
        #expect(Set((0..<20_000).map(numbers.number)).count == 20_000)
        #expect(numbers.number(0) == "+12015552000")
        #expect(ClientNumbers.number(at: 999_999) == "+14585563999")
    }

    @Test func sidsAreTwilioShaped() {
        let sid = MessageSIDs(runPrefix: 0xDEADBEEF).sid(shard: 1, index: 255)
        #expect(sid == "SMdeadbeef01" + String(repeating: "0", count: 20) + "ff")
        #expect(sid.count == 34)
    }
}
