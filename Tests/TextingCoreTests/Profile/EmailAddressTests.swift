import Foundation
import Testing
@testable import TextingCore

@Suite("Email answers (A4)")
struct EmailAddressTests {
    @Test("A4: valid addresses are accepted, domain lower-cased",
          arguments: [("a@b.co", "a@b.co"), ("Bella.Owner+vet@Example.COM", "Bella.Owner+vet@example.com"),
                      ("  sam@mail.example.org \n", "sam@mail.example.org"), ("o'neil@my-clinic.ca", "o'neil@my-clinic.ca")])
    func valid(_ text: String, _ expected: String) {
        #expect(EmailAddress(text)?.value == expected)
    }

    @Test("A4: anything but one valid address is refused",
          arguments: ["bella@example", "a b@c.com", "", "bella", "@example.com", "bella@", "a@@b.com", "a@b@c.com",
                      "a@b.c", "a@b.c0m", "a@.com", "a@b..com", "a@-b.com", "a@b-.com", ".a@b.com", "a.@b.com", "a..b@c.com",
                      "a@b.com c@d.com", "a@b.com, c@d.com", "béa@b.com", "my email is a@b.com"])
    func invalid(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test("A4: coding refuses an invalid address")
    func coding() throws {
        let address = try #require(EmailAddress("a@B.co"))
        let data = try JSONEncoder().encode(address)
        #expect(String(decoding: data, as: UTF8.self) == "\"a@b.co\"")
        #expect(try JSONDecoder().decode(EmailAddress.self, from: data) == address)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EmailAddress.self, from: Data("\"bella@example\"".utf8)) }
    }
}
