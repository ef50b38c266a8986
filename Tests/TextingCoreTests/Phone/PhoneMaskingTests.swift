import Testing
import TextingCore

@Suite("E8 phone numbers: masking numbers in log text (D5)")
struct PhoneMaskingTests {
    @Test("D5 masks E.164 and bare numbers in a sentence, keeping the last four digits")
    func sentence() {
        let text = "Inbound from +13125550142 to 8005550199 at 2025-03-01 10:22, msg 42 of 1234567"
        #expect(PhoneMasking.mask(text)
            == "Inbound from +1******0142 to ******0199 at 2025-03-01 10:22, msg 42 of 1234567")
    }

    @Test("D5 masks formatted North American numbers, keeping punctuation", arguments: [
        ("Call (312) 555-0142 now", "Call (***) ***-0142 now"),
        ("call 312-555-0142.", "call ***-***-0142."),
        ("312.555.0142", "***.***.0142"),
        ("+1 312 555 0142", "+1 *** *** 0142"),
        ("1-312-555-0142", "1-***-***-0142"),
        ("+1 (312) 555-0142", "+1 (***) ***-0142"),
    ])
    func formatted(input: String, expected: String) {
        #expect(PhoneMasking.mask(input) == expected)
    }

    @Test("D5 long and foreign digit runs keep only the last four")
    func longRuns() {
        #expect(PhoneMasking.mask("+442079460958") == "+********0958")
        #expect(PhoneMasking.mask("13125550142") == "*******0142")
        #expect(PhoneMasking.mask("x123456789012345y") == "x***********2345y")
        #expect(PhoneMasking.mask("a+13125550142,b+14165550199") == "a+1******0142,b+1******0199")
    }

    @Test("D5 text without phone numbers is unchanged", arguments: [
        "", "hello", "2025-03-01 10:22:33", "order 123456789", "$1,234.56", "ids 12-34-5678",
        "version 1.2.3", "3125-550-142", "4312-555-0142",
    ])
    func unchanged(input: String) {
        #expect(PhoneMasking.mask(input) == input)
    }

    @Test("D5 masking keeps non-ASCII text around numbers")
    func unicode() {
        #expect(PhoneMasking.mask("Né 🐶 → +13125550142 ✓") == "Né 🐶 → +1******0142 ✓")
    }
}
