import Foundation

/// A message (or a policy term) cut into the pieces content-policy terms are matched against.
///
/// Text is folded first: case, diacritics and character width are ignored, so `CBD`, `Cbd` and
/// `ｃｂｄ` are the same. Then two token streams are built:
/// - *words*: runs of letters, digits, `-` and `_` (with `-`/`_` trimmed from the ends). Anything
///   else, including spaces, apostrophes, periods and emoji, separates words; so `gun` is a word
///   of `Gun!` and `gun's` but not of `begun` or `gun-shy`.
/// - *hosts*: runs that may also contain `.` (trimmed from the ends), kept only when they contain
///   a `.`; `https://www.bit.ly/abc` has the host `www.bit.ly`.
struct PolicyText: Sendable {
    struct Token: Sendable, Hashable {
        var text: String
        /// Position of the token's first character in the folded text, to order matches.
        var offset: Int
    }

    let words: [Token]
    let hosts: [Token]

    init(_ text: String) {
        let characters = Array(Self.fold(text))
        words = Self.tokens(characters, keepingDots: false)
        hosts = Self.tokens(characters, keepingDots: true).filter { $0.text.contains(".") }
    }

    /// Case-, diacritic- and width-insensitive form of `text`, with Unicode hyphens made ASCII.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
            .replacingOccurrences(of: "\u{2010}", with: "-")
            .replacingOccurrences(of: "\u{2011}", with: "-")
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    private static func tokens(_ characters: [Character], keepingDots: Bool) -> [Token] {
        var result: [Token] = []
        var current = ""
        var start = 0
        func flush() {
            let edges: Set<Character> = keepingDots ? ["-", "_", "."] : ["-", "_"]
            let trimmed = current.drop(while: { edges.contains($0) })
            let text = String(trimmed.reversed().drop(while: { edges.contains($0) }).reversed())
            if !text.isEmpty { result.append(Token(text: text, offset: start)) }
            current = ""
        }
        for (index, character) in characters.enumerated() {
            if isWordCharacter(character) || (keepingDots && character == ".") {
                if current.isEmpty { start = index }
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return result
    }
}
