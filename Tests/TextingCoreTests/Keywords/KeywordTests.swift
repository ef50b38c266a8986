import Testing
@testable import TextingCore

@Suite("Keywords (O2, O3, A7)")
struct KeywordTests {
    @Test("O2: opt-out words as the whole message, any case, surrounding spaces and punctuation ignored",
          arguments: ["stop", " STOP! ", "Cancel.", "unsubscribe", "STOPALL", "End", "quit", "Revoke", "optout", "\nStop\n", "...STOP..."])
    func optOut(_ body: String) {
        #expect(Keyword.match(body) == .optOut)
    }

    @Test("O3: opt-in words START, UNSTOP, YES", arguments: ["Start", "unstop", "YES", "yes!"])
    func optIn(_ body: String) {
        #expect(Keyword.match(body) == .optIn)
    }

    @Test("A7: help words HELP and INFO", arguments: ["help?", "INFO", " Help "])
    func help(_ body: String) {
        #expect(Keyword.match(body) == .help)
    }

    @Test("O2: a keyword inside a longer message, repeated, or absent is no keyword",
          arguments: ["Stop texting me about Bella", "STOP STOP", "", "   ", "!!!", "opt out", "stopp", "Yes please", "s t o p", "helpful"])
    func notKeywords(_ body: String) {
        #expect(Keyword.match(body) == nil)
    }

    @Test("O2, O3, A7: the word sets are exactly the product's lists")
    func wordSets() {
        #expect(Keyword.optOutWords == ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"])
        #expect(Keyword.optInWords == ["START", "UNSTOP", "YES"])
        #expect(Keyword.helpWords == ["HELP", "INFO"])
        for keyword in Keyword.allCases {
            for word in keyword.words {
                #expect(Keyword.match(word.lowercased()) == keyword)
            }
        }
    }
}
