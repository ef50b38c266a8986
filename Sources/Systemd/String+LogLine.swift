extension String {
    /// This text for a log format of one line per entry: a backslash is doubled, and every
    /// control character (Unicode category Cc, U+0000-U+001F and U+007F-U+009F) and the line
    /// and paragraph separators U+2028 and U+2029 are written as an escape: `\n`, `\r`, `\t`,
    /// the others as `\u{1B}`. The result holds no line break, so a value taken from a request
    /// cannot start a log line of its own; text without such characters is returned unchanged.
    public var escapedForLogLine: String {
        // Most log text is printable ASCII without a backslash: one pass over the bytes settles
        // it, without looking up each scalar's Unicode category.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return self }
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 16)
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where Self.needsEscape(scalar):
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar.properties.generalCategory == .control
    }
}
