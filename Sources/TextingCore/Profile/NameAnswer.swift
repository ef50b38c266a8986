/// The rule for a name typed in answer to A4's questions 1 and 2.
public enum NameAnswer: Sendable {
    /// The longest name answer accepted, in characters, after whitespace is collapsed.
    public static let maximumLength = 60

    /// The name to store for `answer`, or `nil` when it must not be stored.
    ///
    /// Surrounding whitespace is dropped and inner runs of whitespace become one space. The result
    /// is stored only when it is one or two words, at most ``maximumLength`` characters, made of
    /// letters (any script) plus apostrophes, hyphens and periods, with at least one letter in
    /// every word: `"Mary Ann"`, `"O'Brien"`, `"Jean-Luc"`, `"St. John"` are stored; `""`,
    /// `"Mary Ann Smith"`, `"Bella2"`, `"me@x.com"`, `"Sarah!"` are not. Case is kept as typed.
    public static func normalized(_ answer: String) -> String? {
        let words = answer.split(whereSeparator: { $0.isWhitespace })
        guard (1...2).contains(words.count) else { return nil }
        guard words.allSatisfy(isNameWord) else { return nil }
        let name = words.joined(separator: " ")
        return name.count <= maximumLength ? name : nil
    }

    private static let punctuation: Set<Character> = ["'", "\u{2019}", "-", "."]

    private static func isNameWord(_ word: Substring) -> Bool {
        word.contains(where: \.isLetter)
            && word.allSatisfy { $0.isLetter || punctuation.contains($0) }
    }
}
