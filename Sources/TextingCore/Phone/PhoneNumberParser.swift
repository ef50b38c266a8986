/// Turns what a person typed into the ten national digits of a North American number, or says
/// why it cannot. Knows nothing about area codes; ``PhoneNumber`` checks those.
enum PhoneNumberParser {
    /// The most digits kept while scanning; anything longer is refused for its length anyway.
    private static let digitLimit = 20

    /// Reads `input` and returns its ten national digits (area code, exchange, line) as values
    /// 0...9, with any "+1", "1" or "011 1" prefix removed.
    ///
    /// Accepted: ASCII digits; a leading "+"; spaces, tabs and other white space; the separators
    /// `-`, `.`, `(`, `)`, `/` and the Unicode hyphens and dashes people paste from documents.
    static func nationalDigits(from input: String) throws(TextingError) -> [UInt8] {
        var digits: [UInt8] = []
        var digitCount = 0
        var sawPlus = false
        var sawNonSpace = false
        for scalar in input.unicodeScalars {
            let value = scalar.value
            if value >= 0x30 && value <= 0x39 {
                sawNonSpace = true
                digitCount += 1
                if digits.count < digitLimit {
                    digits.append(UInt8(value - 0x30))
                }
            } else if scalar == "+" {
                guard !sawPlus && digitCount == 0 else {
                    throw TextingError(.phoneMalformed,
                                       "A phone number may have a \"+\" only once, before the country code 1, e.g. +1 312 555 0142.")
                }
                sawPlus = true
                sawNonSpace = true
            } else if scalar.properties.isWhitespace {
                continue
            } else if isSeparator(scalar) {
                sawNonSpace = true
            } else if scalar.properties.isAlphabetic {
                throw TextingError(.phoneMalformed,
                                   "A phone number cannot contain letters; enter digits only, e.g. (312) 555-0142 (spell out letters of a vanity number as digits, and leave out extensions).")
            } else {
                throw TextingError(.phoneMalformed,
                                   "A phone number can contain only digits, spaces and - . ( ) +; enter it like (312) 555-0142.")
            }
        }
        guard sawNonSpace else {
            throw TextingError(.phoneEmpty,
                               "No phone number was given; enter a US or Canadian number, e.g. (312) 555-0142.")
        }
        guard digitCount > 0 else {
            throw TextingError(.phoneMalformed,
                               "The phone number has no digits; enter a US or Canadian number, e.g. (312) 555-0142.")
        }

        if sawPlus {
            return try afterCountryCode(digits, digitCount: digitCount)
        }
        // "011" is the international dialing prefix from the US and Canada; "00" from most of the
        // world. Neither can start a national number (area codes never start with 0).
        if digitCount > 11 && digits.starts(with: [0, 1, 1]) {
            return try afterCountryCode(Array(digits.dropFirst(3)), digitCount: digitCount - 3)
        }
        if digitCount > 11 && digits.starts(with: [0, 0]) {
            return try afterCountryCode(Array(digits.dropFirst(2)), digitCount: digitCount - 2)
        }
        switch digitCount {
        case 10:
            return digits
        case 11 where digits.first == 1:
            return Array(digits.dropFirst())
        case 11:
            throw TextingError(.phoneWrongLength,
                               "The phone number has 11 digits but does not start with the country code 1; a US or Canadian number has 10 digits, e.g. (312) 555-0142.")
        default:
            throw wrongLength(digitCount)
        }
    }

    /// The national digits of an international number whose country code starts `digits`.
    private static func afterCountryCode(_ digits: [UInt8], digitCount: Int) throws(TextingError) -> [UInt8] {
        guard digits.first == 1 else {
            throw TextingError(.phoneNotNorthAmerican,
                               "Only US and Canadian numbers (country code +1) can be texted; this number has another country code.")
        }
        guard digitCount == 11 else {
            throw wrongLength(digitCount)
        }
        return Array(digits.dropFirst())
    }

    /// `digitCount` counts the digits after any international prefix ("+", "011", "00").
    private static func wrongLength(_ digitCount: Int) -> TextingError {
        TextingError(.phoneWrongLength,
                     "The phone number has \(digitCount) digit\(digitCount == 1 ? "" : "s"); a US or Canadian number has 10 digits (11 with the country code 1 in front), e.g. (312) 555-0142.")
    }

    /// Punctuation people put between digit groups.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", ".", "(", ")", "/",
             "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}":
            true
        default:
            false
        }
    }
}
