/// A carrier-style keyword that a client's whole text can be (rules O2, O3, A7).
///
/// A text is a keyword only when the *entire* message, after removing surrounding whitespace and
/// punctuation and ignoring case, is one of the listed words: `" STOP! "`, `"Cancel."` and `"stop"`
/// are keywords; `"Stop texting me about Bella"`, `"STOP STOP"` and `"opt out"` are not.
public enum Keyword: String, Sendable, Codable, CaseIterable {
    /// Opt the number out of reminders and 2-way texting (O2).
    case optOut
    /// Explicitly opt the number back in, with a confirmation (O3).
    case optIn
    /// Ask for the practice's name, phone and how to opt out (A7).
    case help

    /// Words that opt a number out (O2), upper case.
    public static let optOutWords: Set<String> = [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    ]
    /// Words that opt a number back in with a confirmation (O3), upper case.
    public static let optInWords: Set<String> = ["START", "UNSTOP", "YES"]
    /// Words that ask for help (A7), upper case.
    public static let helpWords: Set<String> = ["HELP", "INFO"]

    /// The length, in Unicode scalars, of the longest keyword word.
    static let longestWord = (optOutWords.union(optInWords).union(helpWords)).map(\.unicodeScalars.count).max() ?? 0

    /// The words of this keyword, upper case.
    public var words: Set<String> {
        switch self {
        case .optOut: Self.optOutWords
        case .optIn: Self.optInWords
        case .help: Self.helpWords
        }
    }

    /// The keyword that the whole `body` is, or `nil` when the message is anything else.
    ///
    /// Leading and trailing whitespace, newlines and punctuation are ignored, and so is case;
    /// nothing inside the message is: a keyword followed or preceded by any other word is an
    /// ordinary message.
    public static func match(_ body: String) -> Keyword? {
        // No keyword is longer than this; most texts are, so they skip upper-casing.
        let core = body.trimmingScalars { $0.isWhitespaceOrNewline || $0.isPunctuation }
        guard !core.isEmpty, core.unicodeScalars.count <= longestWord else { return nil }
        let word = core.uppercased()
        return allCases.first { $0.words.contains(word) }
    }

    /// The message as keyword matching sees it: trimmed of surrounding whitespace and
    /// punctuation, upper case (`" Cancel. "` → `"CANCEL"`). Recorded in the subscription history.
    public static func normalized(_ body: String) -> String {
        body.trimmingScalars { $0.isWhitespaceOrNewline || $0.isPunctuation }.uppercased()
    }
}
