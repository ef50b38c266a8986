/// A client's or practice's phone number: always a valid United States (territories included) or
/// Canadian number, or a US/Canadian toll-free number (rule E8).
///
/// Two values are equal exactly when their E.164 forms are equal; they sort by E.164, which for
/// these numbers is numeric order. `description` is the E.164 form, so never interpolate a
/// `PhoneNumber` into a log line: log ``masked`` (rule D5).
public struct PhoneNumber: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// E.164, e.g. "+13125550142". Always a valid US/CA number.
    public let e164: String
    /// The table entry of the area code; always `.geographic` or `.tollFree`.
    private let areaEntry: NANPAreaCode

    /// Parses the usual input forms: "(312) 555-0142", "312.555.0142", "312-555-0142",
    /// "3125550142", "+1 312 555 0142", "1-312-555-0142", "+13125550142", with surrounding spaces
    /// (also "011 1 …" and Unicode dashes pasted from documents).
    ///
    /// Refuses with a ``TextingError`` whose message says why and never repeats the digits:
    /// - `phone.empty`: nothing but white space;
    /// - `phone.malformed`: letters (vanity numbers, extensions), other characters, a misplaced
    ///   "+", or no digits;
    /// - `phone.wrong_length`: not 10 digits (or 11 starting with the country code 1);
    /// - `phone.not_north_american`: a country code other than +1, e.g. "+44 20 7946 0958";
    /// - `phone.country_not_supported`: a +1 area code of another country (Jamaica 876,
    ///   Bahamas 242, Dominican Republic 809/829/849, ...); the message names the country;
    /// - `phone.invalid`: an area code that is unassigned, N11, non-geographic (900, 5XX, ...) or
    ///   starts with 0 or 1, or an exchange (the three digits after the area code) starting with
    ///   0 or 1.
    public init(parsing input: String) throws(TextingError) {
        let national = try PhoneNumberParser.nationalDigits(from: input)
        self = try Self.validated(national: national)
    }

    /// Validates an already-E.164 string (used when reading from storage): exactly "+1" and ten
    /// ASCII digits, no spaces, passing the same checks as ``init(parsing:)``. Nil when invalid.
    public init?(e164: String) {
        let bytes = Array(e164.utf8)
        guard bytes.count == 12, bytes[0] == UInt8(ascii: "+"), bytes[1] == UInt8(ascii: "1") else {
            return nil
        }
        var national: [UInt8] = []
        national.reserveCapacity(10)
        for byte in bytes.dropFirst(2) {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            national.append(byte - UInt8(ascii: "0"))
        }
        guard let number = try? Self.validated(national: national) else { return nil }
        self = number
    }

    private init(e164: String, areaEntry: NANPAreaCode) {
        self.e164 = e164
        self.areaEntry = areaEntry
    }

    /// The three-digit area code (NPA), e.g. "312".
    public var areaCode: String { String(e164.dropFirst(2).prefix(3)) }

    /// `.unitedStates` for the states, DC, the US territories and toll-free numbers (which the US
    /// and Canada share); `.canada` for Canadian area codes.
    public var country: PhoneCountry {
        switch areaEntry {
        case .geographic(let country, _): country
        // Only `.geographic` and `.tollFree` are ever stored (see `validated(national:)`).
        case .tollFree, .otherCountry, .nonGeographic: .unitedStates
        }
    }

    /// Where the area code is, from the NANP table: a state ("Illinois"), "District of Columbia",
    /// a territory ("Puerto Rico"), a province ("Ontario"), or "Toll-free".
    public var region: String {
        switch areaEntry {
        case .geographic(_, let region): region
        case .tollFree: "Toll-free"
        // Never stored (see `validated(national:)`); named for completeness.
        case .otherCountry(let name): name
        case .nonGeographic(let service): service
        }
    }

    /// Whether the number is toll-free (800, 833, 844, 855, 866, 877, 888).
    public var isTollFree: Bool { areaEntry == .tollFree }

    /// National format for people: "(312) 555-0142".
    public var formatted: String {
        let national = e164.dropFirst(2)
        return "(\(national.prefix(3))) \(national.dropFirst(3).prefix(3))-\(national.suffix(4))"
    }

    /// For logs (D5): all digits but the country code and the last four replaced, e.g.
    /// "+1******0142". Equal to `PhoneMasking.mask(e164)`.
    public var masked: String { "+1******" + e164.suffix(4) }

    /// The E.164 form, e.g. "+13125550142". Not for logs: see ``masked``.
    public var description: String { e164 }

    /// Equal exactly when the E.164 forms are equal.
    public static func == (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.e164 == rhs.e164 }

    /// Hashes the E.164 form only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(e164) }

    /// Orders by E.164 string; all values have the same length, so this is numeric order.
    public static func < (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.e164 < rhs.e164 }

    /// Decodes a single string that must be a valid E.164 US/CA number (see ``init(e164:)``);
    /// anything else, including human forms like "(312) 555-0142", is a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = PhoneNumber(e164: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Not a valid US or Canadian phone number in E.164 form (+1 and 10 digits).")
        }
        self = number
    }

    /// Encodes the E.164 string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }

    /// Checks ten national digits (values 0...9) against the NANP rules and the area-code table.
    private static func validated(national: [UInt8]) throws(TextingError) -> PhoneNumber {
        guard national.count == 10 else {
            throw TextingError(.phoneWrongLength, "A US or Canadian number has 10 digits, e.g. (312) 555-0142.")
        }
        let npa = Int(national[0]) * 100 + Int(national[1]) * 10 + Int(national[2])
        guard national[0] >= 2 else {
            throw TextingError(.phoneInvalid,
                               "The area code (the first three digits) cannot start with 0 or 1; check the number, e.g. (312) 555-0142.")
        }
        guard !(national[1] == 1 && national[2] == 1) else {
            throw TextingError(.phoneInvalid,
                               "\(npa) is a service code like 911, not an area code; check the number.")
        }
        guard let entry = NANPAreaCodes.entry(for: npa) else {
            throw TextingError(.phoneInvalid,
                               "Area code \(npa) is not assigned to any place in the US or Canada; check the number.")
        }
        switch entry {
        case .geographic, .tollFree:
            break
        case .otherCountry(let name):
            throw TextingError(.phoneCountryNotSupported,
                               "Area code \(npa) (\(name)) is outside the United States and Canada; only US and Canadian numbers can be texted.")
        case .nonGeographic(let service):
            throw TextingError(.phoneInvalid,
                               "Area code \(npa) is a \(service) code, not a phone in the US or Canada; enter the client's own US or Canadian number.")
        }
        guard national[3] >= 2 else {
            throw TextingError(.phoneInvalid,
                               "The exchange (the three digits after the area code) cannot start with 0 or 1; check the number.")
        }
        var e164 = "+1"
        for digit in national {
            e164.unicodeScalars.append(Unicode.Scalar(digit + UInt8(ascii: "0")))
        }
        return PhoneNumber(e164: e164, areaEntry: entry)
    }
}
