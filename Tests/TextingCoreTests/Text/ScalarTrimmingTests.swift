import Foundation
import Testing
@testable import TextingCore

/// The Foundation-free trimming used on every inbound text must agree with Foundation's
/// `trimmingCharacters(in:)`, which keyword matching (O2, O3, A7) was first written with.
@Suite struct ScalarTrimmingTests {
    /// Scalars near the edges of the character sets: ASCII, Latin-1 and other Unicode spaces,
    /// line and paragraph separators, every punctuation category, letters, digits, symbols, marks.
    static let alphabet: [Unicode.Scalar] = [
        " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{2029}",
        "\u{202F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{00}", "\u{1F}", "!", ".", ",", "?", "-", "_", "(", ")", "«",
        "»", "\u{2018}", "\u{2019}", "\u{201C}", "¿", "¡", "、", "。", "$", "+", "=", "~", "^", "€", "😀", "\u{301}", "s",
        "t", "O", "p", "ß", "İ", "é", "7",
    ]

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let count = Int.random(in: 0...8, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count { scalars.append(alphabet.randomElement(using: &generator) ?? " ") }
        return String(scalars)
    }

    @Test func keywordTrimmingMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()  // a failure prints its input
        let set = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)
        for _ in 0..<20_000 {
            let text = Self.randomText(&generator)
            let ours = String(text.trimmingScalars { $0.isWhitespaceOrNewline || $0.isPunctuation })
            #expect(ours == text.trimmingCharacters(in: set), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }

    @Test func blankMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = Self.randomText(&generator)
            #expect(text.isBlank == text.trimmingCharacters(in: .whitespaces).isEmpty,
                    "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }

    /// O2: the length shortcut in `Keyword.match` must not hide a keyword behind long padding.
    @Test func keywordBehindLongPaddingStillMatches() {
        #expect(Keyword.match("\u{3000}  \n\n ...!!! stop !!!... \u{2029}\t") == .optOut)
        #expect(Keyword.match("Stop texting me about Bella") == nil)
        #expect(Keyword.match("UNSUBSCRIBEX") == nil)
        #expect(Keyword.match("¡¿unsubscribe?!") == .optOut)
    }
}
