import PropertyBased
import Testing
import TextingCore

@Suite("E8 phone numbers: properties")
struct PhoneNumberPropertyTests {
    /// The ten national digits of a random valid number: an accepted area code from the table,
    /// an exchange 200...999 and any line.
    private static let nationalNumbers = zip(
        Gen.int(in: 0...(NANPAreaCodes.acceptedAreaCodes.count - 1)),
        Gen.int(in: 200...999),
        Gen.int(in: 0...9999)
    ).map { index, exchange, line in
        let area = NANPAreaCodes.acceptedAreaCodes[index]
        return "\(area)\(exchange)" + String(repeating: "0", count: 4 - String(line).count) + "\(line)"
    }

    /// Every input form people use, built from ten national digits.
    private static let forms: [@Sendable (String) -> String] = [
        { d in "(\(d.prefix(3))) \(d.dropFirst(3).prefix(3))-\(d.suffix(4))" },
        { d in "\(d.prefix(3)).\(d.dropFirst(3).prefix(3)).\(d.suffix(4))" },
        { d in "\(d.prefix(3))-\(d.dropFirst(3).prefix(3))-\(d.suffix(4))" },
        { d in d },
        { d in "+1 \(d.prefix(3)) \(d.dropFirst(3).prefix(3)) \(d.suffix(4))" },
        { d in "1-\(d.prefix(3))-\(d.dropFirst(3).prefix(3))-\(d.suffix(4))" },
        { d in "+1\(d)" },
        { d in "  (\(d.prefix(3))) \(d.dropFirst(3).prefix(3))-\(d.suffix(4))\t" },
    ]

    @Test("E8 every input form of a valid number parses back to the same E.164")
    func roundTrip() async {
        await propertyCheck(count: 300, input: Self.nationalNumbers, Gen.int(in: 0...(Self.forms.count - 1))) { digits, form in
            let input = Self.forms[form](digits)
            let number = try? PhoneNumber(parsing: input)
            #expect(number?.e164 == "+1" + digits, "form \(form): \(input)")
            #expect(number.map { (try? PhoneNumber(parsing: $0.formatted)) == $0 } == true)
            #expect(number.map { (try? PhoneNumber(parsing: $0.e164)) == $0 } == true)
            #expect(number?.masked == "+1******" + digits.suffix(4))
        }
    }

    @Test("E8 init(e164:) agrees with init(parsing:) on valid numbers")
    func e164AgreesOnValid() async {
        await propertyCheck(count: 300, input: Self.nationalNumbers) { digits in
            let parsed = try? PhoneNumber(parsing: digits)
            let stored = PhoneNumber(e164: "+1" + digits)
            #expect(parsed != nil)
            #expect(stored == parsed)
            #expect(stored?.country == parsed?.country)
            #expect(stored?.region == parsed?.region)
        }
    }

    @Test("E8 init(e164:) agrees with init(parsing:) on any ten digits")
    func e164AgreesOnAnyDigits() async {
        let anyDigits = Gen.int(in: 0...9).array(of: 10).map { $0.map(String.init).joined() }
        await propertyCheck(count: 500, input: anyDigits) { digits in
            let parsed = try? PhoneNumber(parsing: "+1" + digits)
            let stored = PhoneNumber(e164: "+1" + digits)
            #expect(stored == parsed)
            let areaCode = Int(digits.prefix(3)) ?? -1
            let accepted = NANPAreaCodes.entry(for: areaCode)?.isAccepted == true
            let exchangeValid = (digits.dropFirst(3).first.flatMap { Int(String($0)) } ?? 0) >= 2
            #expect((parsed != nil) == (accepted && exchangeValid))
        }
    }

    @Test("D5 masking any text keeps its length, and leaves text without digits unchanged")
    func maskingPreservesShape() async {
        let text = Gen.letterOrNumber.string(of: 0...40)
        await propertyCheck(count: 300, input: text) { text in
            let masked = PhoneMasking.mask(text)
            #expect(masked.unicodeScalars.count == text.unicodeScalars.count)
            if !text.contains(where: \.isNumber) {
                #expect(masked == text)
            }
        }
    }
}
