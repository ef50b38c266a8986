import Foundation
import Testing
import TextingCore

@Suite("E8 phone numbers: formatting, masking (D5), ordering and Codable")
struct PhoneNumberTests {
    @Test("E8 national format for people")
    func formatted() throws {
        #expect(try PhoneNumber(parsing: "+13125550142").formatted == "(312) 555-0142")
        #expect(try PhoneNumber(parsing: "416.555.0199").formatted == "(416) 555-0199")
    }

    @Test("D5 masked keeps the country code and last four digits only")
    func masked() throws {
        let number = try PhoneNumber(parsing: "(312) 555-0142")
        #expect(number.masked == "+1******0142")
        #expect(!number.masked.contains("312"))
        #expect(!number.masked.contains("555"))
        #expect(number.masked.filter(\.isNumber).count == 5)
        #expect(number.masked == PhoneMasking.mask(number.e164))
    }

    @Test("E8 description is E.164; equality, hashing and order follow E.164")
    func identity() throws {
        let first = try PhoneNumber(parsing: "(312) 555-0142")
        let same = try PhoneNumber(parsing: "+1 312 555 0142")
        let later = try PhoneNumber(parsing: "416 555 0142")
        #expect(first.description == "+13125550142")
        #expect("\(first)" == "+13125550142")
        #expect(first == same)
        #expect(Set([first, same, later]).count == 2)
        #expect(first < later)
        #expect([later, first].sorted() == [first, later])
    }

    @Test("E8 Codable round trip as a single E.164 string")
    func codableRoundTrip() throws {
        let number = try PhoneNumber(parsing: "(787) 555-0142")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+17875550142"]"#)
        let decoded = try JSONDecoder().decode([PhoneNumber].self, from: data)
        #expect(decoded == [number])
        #expect(decoded.first?.region == "Puerto Rico")
    }

    @Test("E8 decoding an invalid string fails", arguments: [
        #"["+18765550142"]"#,   // Jamaica
        #"["+442079460958"]"#,  // UK
        #"["(312) 555-0142"]"#, // human form, not E.164
        #"["+13120550142"]"#,   // exchange starts with 0
        #"["hello"]"#,
        #"[13125550142]"#,      // not a string
    ])
    func decodingInvalidFails(json: String) {
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode([PhoneNumber].self, from: Data(json.utf8))
        }
    }

    @Test("E8 PhoneCountry codes and names")
    func countries() throws {
        #expect(PhoneCountry.allCases == [.unitedStates, .canada])
        #expect(PhoneCountry.unitedStates.rawValue == "US")
        #expect(PhoneCountry.canada.rawValue == "CA")
        #expect(PhoneCountry.canada.name == "Canada")
        let data = try JSONEncoder().encode([PhoneCountry.canada])
        #expect(String(decoding: data, as: UTF8.self) == #"["CA"]"#)
    }
}
