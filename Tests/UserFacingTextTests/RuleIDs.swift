/// Finds internal rule ids, such as "E2", "S1–S7" or "(C2, A5)", in text people read.
///
/// A rule id is a capital letter and one or two digits standing alone as a word; the letters are
/// the ones the product rules use (E, S, R, A, O, C, D, W, P, V, Q, M), so "UTF8", "SHA256" or
/// "IPv4" are not ids. Rule ids belong in code comments, tests, commits and `Docs/`.
enum RuleIDs {
    /// The letters product rule ids start with.
    static let letters: Set<Character> = ["E", "S", "R", "A", "O", "C", "D", "W", "P", "V", "Q", "M"]

    /// The rule ids in `text`, in order (empty when it names none).
    static func find(in text: String) -> [String] {
        let characters = Array(text)
        var ids: [String] = []
        var start = 0
        while start < characters.count {
            var end = start
            while end < characters.count, characters[end].isLetter || characters[end].isNumber { end += 1 }
            if end > start {
                let word = characters[start..<end]
                if let first = word.first, letters.contains(first),
                   (2...3).contains(word.count), word.dropFirst().allSatisfy(\.isASCIIDigit) {
                    ids.append(String(word))
                }
                start = end
            } else {
                start += 1
            }
        }
        return ids
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
