import Foundation

/// One policy term, prepared for matching.
enum TermPattern: Sendable, Hashable {
    /// A word or phrase: this exact sequence of words, each whole.
    case words([String])
    /// A domain such as `bit.ly`: a host equal to it or ending in `.` plus it (a subdomain).
    case host(String)

    /// The pattern of `term`, or `nil` when the term has no letters or digits to match.
    ///
    /// A term with a `.` and no whitespace is a domain (`bit.ly`, `t.co`); every other term is a
    /// word or phrase (`gun`, `magic mushrooms`, `ar-15`).
    init?(_ term: String) {
        let folded = PolicyText.fold(term).trimmingCharacters(in: .whitespacesAndNewlines)
        if folded.contains("."), !folded.contains(where: \.isWhitespace) {
            guard let host = PolicyText(folded).hosts.first, host.text == folded else { return nil }
            self = .host(host.text)
        } else {
            let words = PolicyText(folded).words.map(\.text)
            guard !words.isEmpty else { return nil }
            self = .words(words)
        }
    }

    /// The offset of the first place `text` matches this pattern, or `nil`.
    func firstOffset(in text: PolicyText) -> Int? {
        switch self {
        case .host(let domain):
            let suffix = "." + domain
            return text.hosts.first { $0.text == domain || $0.text.hasSuffix(suffix) }?.offset
        case .words(let words):
            let tokens = text.words
            guard tokens.count >= words.count else { return nil }
            for start in 0...(tokens.count - words.count)
            where words.indices.allSatisfy({ tokens[start + $0].text == words[$0] }) {
                return tokens[start].offset
            }
            return nil
        }
    }
}
