import Testing
@testable import TextingCore

@Suite("E8 phone numbers: the NANP area-code table")
struct NANPAreaCodesTests {
    private static let states = [
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
        "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
        "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
        "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
        "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
        "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
        "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
    ]

    private static func regions(of country: PhoneCountry) -> Set<String> {
        var names = Set<String>()
        for code in NANPAreaCodes.acceptedAreaCodes {
            if case .geographic(country, let region) = NANPAreaCodes.entry(for: code) {
                names.insert(region)
            }
        }
        return names
    }

    @Test("E8 no area code is listed twice")
    func noDuplicates() {
        #expect(NANPAreaCodes.duplicateCodes.isEmpty)
    }

    @Test("E8 every state, DC and the five inhabited territories have area codes")
    func unitedStatesComplete() {
        let expected = Set(Self.states + ["District of Columbia", "Puerto Rico", "U.S. Virgin Islands",
                                          "Guam", "Northern Mariana Islands", "American Samoa"])
        #expect(Self.regions(of: .unitedStates) == expected)
    }

    @Test("E8 every Canadian province and territory has area codes")
    func canadaComplete() {
        #expect(Self.regions(of: .canada) == [
            "Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador",
            "Nova Scotia and Prince Edward Island", "Ontario", "Quebec", "Saskatchewan",
            "Yukon, Northwest Territories and Nunavut",
        ])
    }

    @Test("E8 large states keep their long-standing area codes", arguments: [
        (212, "New York"), (213, "California"), (305, "Florida"), (404, "Georgia"), (512, "Texas"),
        (617, "Massachusetts"), (702, "Nevada"), (206, "Washington"), (303, "Colorado"),
        (215, "Pennsylvania"), (313, "Michigan"), (612, "Minnesota"), (504, "Louisiana"),
    ])
    func spotChecks(code: Int, region: String) {
        #expect(NANPAreaCodes.entry(for: code) == .geographic(.unitedStates, region: region))
    }

    @Test("E8 every other +1 country of the Caribbean and Atlantic is named", arguments: [
        242, 246, 264, 268, 284, 345, 441, 473, 649, 658, 664, 721, 758, 767, 784, 809, 829, 849, 868,
        869, 876,
    ])
    func otherCountries(code: Int) {
        guard case .otherCountry(let name) = NANPAreaCodes.entry(for: code) else {
            Issue.record("\(code) should be another +1 country")
            return
        }
        #expect(!name.isEmpty)
    }

    @Test("E8 accepted codes are well-formed NPAs and numbers with them parse")
    func acceptedCodesAreWellFormed() throws {
        #expect(NANPAreaCodes.acceptedAreaCodes.count > 380)
        for code in NANPAreaCodes.acceptedAreaCodes {
            #expect((200...999).contains(code))
            #expect(code % 100 != 11, "\(code) is N11")
            let number = try PhoneNumber(parsing: "\(code)5550142")
            #expect(number.areaCode == String(code))
        }
    }

    @Test("E8 lookups outside the table are nil", arguments: [-1, 0, 99, 111, 211, 911, 1000, 370, 999])
    func outside(code: Int) {
        #expect(NANPAreaCodes.entry(for: code) == nil)
    }
}
