import Testing
import TextingCore

@Suite("E8 phone numbers: parsing US and Canadian numbers")
struct PhoneNumberParsingTests {
    @Test("E8 every usual input form parses to the same E.164", arguments: [
        "(312) 555-0142",
        "312.555.0142",
        "312-555-0142",
        "3125550142",
        "+1 312 555 0142",
        "1-312-555-0142",
        "+13125550142",
        "  (312) 555-0142  ",
        "\t+1 (312) 555-0142\n",
        "1 (312) 555-0142",
        "+1-312-555-0142",
        "312 555 0142",
        "312\u{2013}555\u{2013}0142",
        "011 1 312 555 0142",
    ])
    func inputForms(input: String) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.e164 == "+13125550142")
        #expect(number.areaCode == "312")
        #expect(number.country == .unitedStates)
        #expect(number.region == "Illinois")
    }

    @Test("E8 Puerto Rico 787 is accepted as a US territory")
    func puertoRico() throws {
        let number = try PhoneNumber(parsing: "(787) 555-0142")
        #expect(number.e164 == "+17875550142")
        #expect(number.country == .unitedStates)
        #expect(number.region == "Puerto Rico")
    }

    @Test("E8 Toronto 416 is accepted as Canada, Ontario")
    func toronto() throws {
        let number = try PhoneNumber(parsing: "416-555-0142")
        #expect(number.e164 == "+14165550142")
        #expect(number.country == .canada)
        #expect(number.region == "Ontario")
    }

    @Test("E8 US territories and Canadian regions", arguments: [
        ("340", PhoneCountry.unitedStates, "U.S. Virgin Islands"),
        ("671", .unitedStates, "Guam"),
        ("670", .unitedStates, "Northern Mariana Islands"),
        ("684", .unitedStates, "American Samoa"),
        ("939", .unitedStates, "Puerto Rico"),
        ("202", .unitedStates, "District of Columbia"),
        ("907", .unitedStates, "Alaska"),
        ("808", .unitedStates, "Hawaii"),
        ("604", .canada, "British Columbia"),
        ("514", .canada, "Quebec"),
        ("867", .canada, "Yukon, Northwest Territories and Nunavut"),
        ("902", .canada, "Nova Scotia and Prince Edward Island"),
        ("709", .canada, "Newfoundland and Labrador"),
    ])
    func regions(areaCode: String, country: PhoneCountry, region: String) throws {
        let number = try PhoneNumber(parsing: "\(areaCode) 555 0142")
        #expect(number.country == country)
        #expect(number.region == region)
    }

    @Test("E8 toll-free numbers are accepted", arguments: ["800", "833", "844", "855", "866", "877", "888"])
    func tollFree(areaCode: String) throws {
        let number = try PhoneNumber(parsing: "1-\(areaCode)-555-0142")
        #expect(number.isTollFree)
        #expect(number.region == "Toll-free")
        #expect(number.country == .unitedStates)
    }

    @Test("E8 other +1 countries are refused, naming the country", arguments: [
        ("(876) 555-0142", "Jamaica"),
        ("+1 658 555 0142", "Jamaica"),
        ("242-555-0142", "Bahamas"),
        ("809 555 0142", "Dominican Republic"),
        ("+18295550142", "Dominican Republic"),
        ("1-849-555-0142", "Dominican Republic"),
        ("441 555 0142", "Bermuda"),
        ("868 555 0142", "Trinidad and Tobago"),
        ("345 555 0142", "Cayman Islands"),
    ])
    func otherNANPCountries(input: String, country: String) {
        let error = phoneRefusal(input)
        #expect(error?.code == .phoneCountryNotSupported)
        #expect(error?.code.rawValue == "phone.country_not_supported")
        #expect(error?.message.contains(country) == true)
        #expect(error?.message.contains("United States and Canada") == true)
    }

    @Test("E8 non-+1 country codes are refused", arguments: [
        "+44 20 7946 0958",
        "+442079460958",
        "+52 55 1234 5678",
        "011 44 20 7946 0958",
        "0044 20 7946 0958",
    ])
    func notNorthAmerican(input: String) {
        let error = phoneRefusal(input)
        #expect(error?.code.rawValue == "phone.not_north_american")
        #expect(error?.message.contains("+1") == true)
    }

    @Test("E8 wrong digit counts are refused", arguments: [
        "312555014",          // 9 digits
        "312-555-01423",      // 11 digits not starting with 1
        "131255501423",       // 12 digits
        "+1 312 555 014",     // +1 and 9 digits
        "+1 312 555 01423",   // +1 and 11 digits
        "5",
    ])
    func wrongLength(input: String) {
        let error = phoneRefusal(input)
        #expect(error?.code.rawValue == "phone.wrong_length")
        #expect(error?.message.contains("10 digits") == true)
    }

    @Test("E8 letters and garbage are refused", arguments: [
        "call me",
        "312-555-CALL",
        "1-800-FLOWERS",
        "312-555-0142 ext 5",
        "tel:+13125550142",
        "312_555_0142",
        "312*555*0142",
        "31+2 555 0142",
        "++1 312 555 0142",
        "---",
        "()",
    ])
    func malformed(input: String) {
        #expect(phoneRefusal(input)?.code.rawValue == "phone.malformed")
    }

    @Test("E8 empty input is refused", arguments: ["", "   ", "\n\t"])
    func empty(input: String) {
        let error = phoneRefusal(input)
        #expect(error?.code.rawValue == "phone.empty")
        #expect(error?.message.isEmpty == false)
    }

    @Test("E8 area code starting with 0 or 1 is refused", arguments: ["012-555-0142", "112 555 0142", "+1 012 555 0142", "1-112-555-0142"])
    func areaCodeStartsWithZeroOrOne(input: String) {
        let error = phoneRefusal(input)
        #expect(error?.code.rawValue == "phone.invalid")
        #expect(error?.message.contains("area code") == true)
    }

    @Test("E8 exchange starting with 0 or 1 is refused", arguments: ["312-055-0142", "312-155-0142", "+1 416 055 0142", "787-199-0142"])
    func exchangeStartsWithZeroOrOne(input: String) {
        let error = phoneRefusal(input)
        #expect(error?.code.rawValue == "phone.invalid")
        #expect(error?.message.contains("exchange") == true)
    }

    @Test("E8 N11, unassigned and non-geographic area codes are refused", arguments: [
        "911-555-0142", "411-555-0142", "211-555-0142",
        "999-555-0142", "555-555-0142", "370-555-0142",
        "900-555-0142", "500-555-0142", "600-555-0142", "700-555-0142", "710-555-0142",
    ])
    func invalidAreaCodes(input: String) {
        #expect(phoneRefusal(input)?.code.rawValue == "phone.invalid")
    }

    @Test("E8 refusal messages never repeat the digits (D5)", arguments: [
        "876 555 0173", "312 055 0173", "999 555 0173", "+44 20 7946 0958", "31255501", "876-555-0173 x",
    ])
    func messagesDoNotLeakNumber(input: String) {
        let message = phoneRefusal(input)?.message ?? ""
        #expect(!message.isEmpty)
        for fragment in ["0173", "0958", "7946", "55501", "5550"] {
            #expect(!message.contains(fragment))
        }
    }

    @Test("E8 init(e164:) accepts only strict valid E.164")
    func strictE164() {
        #expect(PhoneNumber(e164: "+13125550142")?.region == "Illinois")
        #expect(PhoneNumber(e164: "+14165550142")?.country == .canada)
        #expect(PhoneNumber(e164: "+18005550142")?.isTollFree == true)
        for bad in ["13125550142", "+1 312 555 0142", "(312) 555-0142", "+1312555014", "+131255501420",
                    "+18765550142", "+442079460958", "+10125550142", "+13120550142", "+19115550142",
                    " +13125550142", "+1312555014a", "", "+"] {
            #expect(PhoneNumber(e164: bad) == nil, "\(bad) should be refused")
        }
    }
}
