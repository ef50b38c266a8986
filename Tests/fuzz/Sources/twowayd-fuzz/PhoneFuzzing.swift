import TextingCore

/// `PhoneNumber(parsing:)` and `PhoneNumber(e164:)` (rule E8).
///
/// Properties: no trap; a parsed number is `+1` and ten digits, and parsing its E.164 form, its
/// national format and `init(e164:)` all give it back; `masked` keeps only the last four digits;
/// a refusal uses a documented code and never repeats seven or more of the input's digits
/// (the messages promise not to echo the number); `init(e164:)` accepts only what it gives back.
enum PhoneFuzzing {
    static let codes: Set<String> = [
        "phone.empty", "phone.malformed", "phone.wrong_length", "phone.not_north_american",
        "phone.country_not_supported", "phone.invalid",
    ]

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let number = try PhoneNumber(parsing: text)
            let e164 = Array(number.e164.utf8)
            guard e164.count == 12, number.e164.hasPrefix("+1"),
                  e164.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                violated("E.164 shape", number.e164)
            }
            guard PhoneNumber(e164: number.e164) == number else { violated("init(e164:) of e164", number.e164) }
            guard (try? PhoneNumber(parsing: number.e164)) == number else { violated("parse(e164)", number.e164) }
            guard (try? PhoneNumber(parsing: number.formatted)) == number else { violated("parse(formatted)", number.formatted) }
            guard number.masked == "+1******" + number.e164.suffix(4) else { violated("masked", number.masked) }
        } catch {
            guard codes.contains(error.code.rawValue) else { violated("documented error codes", error.code.rawValue) }
            for window in digitWindows(text) where error.message.contains(window) {
                violated("refusals do not repeat the number", "\(error.message) contains \(window)")
            }
        }
        if let direct = PhoneNumber(e164: text), direct.e164 != text {
            violated("init(e164:) is exact", "\(text) gave \(direct.e164)")
        }
    }

    /// Runs of seven consecutive ASCII digits of `text` (ignoring separators), except those the
    /// messages' own example (+1 312 555 0142) contains.
    static func digitWindows(_ text: String) -> Set<String> {
        let digits = Array(text.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }.map(Character.init))
        guard digits.count >= 7 else { return [] }
        var windows = Set<String>()
        for start in 0...(digits.count - 7) {
            let window = String(digits[start..<start + 7])
            if !"13125550142".contains(window) { windows.insert(window) }
        }
        return windows
    }
}
