/// Masks phone numbers inside arbitrary text, for log messages (rule D5).
public enum PhoneMasking: Sendable {
    /// Returns `text` with every phone number in it masked, keeping only its last four digits:
    ///
    /// - every run of 10 or more digits, optionally with a leading "+": each digit but the last
    ///   four becomes "*"; the "+" stays, and so does the country code 1 of "+1" followed by
    ///   exactly ten digits, so "+13125550142" becomes "+1******0142" (the same as
    ///   ``PhoneNumber/masked``) and "3125550142" becomes "******0142";
    /// - North American numbers written with separators, "(312) 555-0142", "312-555-0142",
    ///   "312.555.0142", "312 555 0142", optionally after "+1" or "1" and a separator: the area
    ///   code and exchange digits become "*" and the punctuation stays, e.g. "(***) ***-0142".
    ///
    /// A number must not touch other digits on either side; shorter digit runs (dates, times,
    /// amounts, ids) and all other text are returned unchanged.
    public static func mask(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let atBoundary = index == 0 || !isDigit(scalars[index - 1])
            if atBoundary, let end = matchDigitRun(scalars, from: index) {
                appendMaskedRun(scalars[index..<end], to: &output)
                index = end
            } else if atBoundary, let end = matchFormatted(scalars, from: index) {
                appendMaskedFormatted(scalars[index..<end], to: &output)
                index = end
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "."
    }

    /// The end of an optional "+" and 10 or more digits starting at `start`, or nil.
    private static func matchDigitRun(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        if scalars[index] == "+" { index += 1 }
        let digitsStart = index
        while index < scalars.count && isDigit(scalars[index]) { index += 1 }
        return index - digitsStart >= 10 ? index : nil
    }

    /// `count` digits starting at `index`: the index after them, or nil.
    private static func digits(_ scalars: [Unicode.Scalar], at index: Int, count: Int) -> Int? {
        guard index + count <= scalars.count else { return nil }
        for offset in 0..<count where !isDigit(scalars[index + offset]) { return nil }
        return index + count
    }

    /// The end of a separated North American number starting at `start`, or nil.
    private static func matchFormatted(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        func at(_ index: Int) -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        var index = start
        // Optional "+1" or "1", then a separator (or directly "(" after "+1").
        if at(index) == "+", at(index + 1) == "1" {
            index += 2
            if let next = at(index), isSeparator(next) { index += 1 }
        } else if at(index) == "1", let next = at(index + 1), isSeparator(next) {
            index += 2
        }
        // Area code: "(312)" with an optional space, or "312" and a separator.
        if at(index) == "(" {
            guard let close = digits(scalars, at: index + 1, count: 3), at(close) == ")" else { return nil }
            index = close + 1
            if at(index) == " " { index += 1 }
        } else {
            guard let end = digits(scalars, at: index, count: 3), let next = at(end), isSeparator(next) else {
                return nil
            }
            index = end + 1
        }
        // Exchange, one separator, line.
        guard let exchangeEnd = digits(scalars, at: index, count: 3),
              let separator = at(exchangeEnd), isSeparator(separator),
              let lineEnd = digits(scalars, at: exchangeEnd + 1, count: 4)
        else { return nil }
        if let after = at(lineEnd), isDigit(after) { return nil }
        return lineEnd
    }

    private static func appendMaskedRun(_ run: ArraySlice<Unicode.Scalar>, to output: inout String.UnicodeScalarView) {
        var digitCount = run.count
        var keepFirstDigit = false
        if run.first == "+" {
            output.append("+")
            digitCount -= 1
            keepFirstDigit = digitCount == 11 && run.dropFirst().first == "1"
        }
        var seen = 0
        for scalar in run where scalar != "+" {
            seen += 1
            if (keepFirstDigit && seen == 1) || seen > digitCount - 4 {
                output.append(scalar)
            } else {
                output.append("*")
            }
        }
    }

    /// Masks every digit except a leading country code 1 and the last four.
    private static func appendMaskedFormatted(_ number: ArraySlice<Unicode.Scalar>, to output: inout String.UnicodeScalarView) {
        let digitTotal = number.filter(isDigit).count
        // Ten digits are the national number; an eleventh, first, is the country code 1.
        let keepLeading = digitTotal - 10
        var seen = 0
        for scalar in number {
            guard isDigit(scalar) else {
                output.append(scalar)
                continue
            }
            seen += 1
            output.append(seen <= keepLeading || seen > digitTotal - 4 ? scalar : "*")
        }
    }
}
