import Foundation
import Testing
@testable import TextingCore

@Suite("Content policy matching (S7)")
struct ContentPolicyMatchingTests {
    let policy = ContentPolicy(rules: [
        .init(id: "firearms", name: "Firearms", action: .block, terms: ["gun", "guns"]),
        .init(id: "drugs", name: "Illegal drugs", action: .block, terms: ["magic mushrooms", "cbd"]),
        .init(id: "alcohol", name: "Alcohol", action: .warn, terms: ["alcohol", "beer"]),
        .init(id: "slang", name: "Slang", action: .warn, terms: ["weed"]),
        .init(id: "short", name: "Public URL shorteners", action: .block, terms: ["bit.ly", "t.co"]),
    ])

    @Test("S7: whole words, any case: 'gun' matches 'Gun!' and \"gun's\"", arguments: ["Gun!", "the gun's case", "GUN", "a gun."])
    func wholeWord(_ text: String) {
        #expect(policy.check(text) == .block(PolicyMatch(ruleID: "firearms", ruleName: "Firearms", term: "gun", action: .block)))
    }

    @Test("S7: no match inside a longer word or a hyphenated word", arguments: ["begun", "shotgunner", "gun-shy puppy", "gunk", "tobacco-free"])
    func notInsideWords(_ text: String) {
        #expect(policy.check(text) == .allowed)
    }

    @Test("S7: multi-word terms match those words in sequence")
    func phrases() {
        #expect(policy.check("He ate MAGIC  mushrooms?").matches.map(\.term) == ["magic mushrooms"])
        #expect(policy.check("magic tricks and mushrooms") == .allowed)
    }

    @Test("S7: domains match inside URLs and subdomains, not other domains",
          arguments: ["https://bit.ly/abc", "bit.ly/x", "see BIT.LY.", "http://www.bit.ly/q", "https://t.co/x", "mail me@t.co"])
    func domains(_ text: String) {
        #expect(policy.check(text).matches.first?.ruleID == "short")
    }

    @Test("S7: lookalike domains do not match",
          arguments: ["https://notbit.ly/abc", "bit.lyrics", "bit.ly.example.com/x", "microsoft.com", "at.co", "t.com", "bit ly"])
    func notDomains(_ text: String) {
        #expect(policy.check(text) == .allowed)
    }

    @Test("S7: 'weed' matches as a word")
    func weed() {
        #expect(policy.check("Did he get into weed?").matches.map(\.term) == ["weed"])
        #expect(policy.check("tumbleweeds") == .allowed)
    }

    @Test("S7: block wins over warn, and the first blocking term in the message is reported")
    func blockWins() {
        let verdict = policy.check("Beer, CBD and a gun")
        #expect(verdict == .block(PolicyMatch(ruleID: "drugs", ruleName: "Illegal drugs", term: "cbd", action: .block)))
        #expect(verdict.matches.first?.explanation == "Blocked by rule 'Illegal drugs': \"cbd\"")
    }

    @Test("S7: warnings list every warning match in message order, once each")
    func warnings() {
        let verdict = policy.check("weed and beer and rubbing alcohol and more beer")
        #expect(verdict.matches.map(\.term) == ["weed", "beer", "alcohol"])
        guard case .warn(let matches) = verdict else {
            Issue.record("expected a warning, got \(verdict)")
            return
        }
        #expect(matches.first?.explanation == "Warning from rule 'Slang': \"weed\"")
        #expect(!verdict.isAllowed)
    }

    @Test("S7: explanation of a block names rule and term")
    func explanation() {
        let match = PolicyMatch(ruleID: "firearms", ruleName: "Firearms", term: "gun", action: .block)
        #expect(match.explanation == "Blocked by rule 'Firearms': \"gun\"")
    }

    @Test("S7: diacritics and full-width letters are folded")
    func folding() {
        #expect(policy.check("ＣＢＤ").matches.map(\.term) == ["cbd"])
        #expect(policy.check("Bière? no: bëer").matches.map(\.term) == ["beer"])
    }
}

@Suite("Content policy loading (S7)")
struct ContentPolicyLoadingTests {
    private func load(_ json: String) throws(TextingError) -> ContentPolicy {
        try ContentPolicy(json: Data(json.utf8))
    }

    private func code(_ json: String) -> String? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    private func message(_ json: String) -> String {
        do {
            _ = try load(json)
            return ""
        } catch {
            return error.message
        }
    }

    @Test("S7: a valid policy loads with its rules in order")
    func valid() throws {
        let policy = try load(#"{"version":1,"rules":[{"id":"a","name":"A","action":"warn","terms":["x"],"description":"ignored"},{"id":"b","name":"B","action":"block","terms":["y z","q.co"]}]}"#)
        #expect(policy.rules.map(\.id) == ["a", "b"])
        #expect(policy.rules[1] == .init(id: "b", name: "B", action: .block, terms: ["y z", "q.co"]))
    }

    @Test("S7: an empty rule list is a (permissive) policy; a missing one is an error")
    func emptyRules() throws {
        #expect(try load(#"{"rules":[]}"#).check("gun") == .allowed)
        #expect(code(#"{"version":1}"#) == "policy.malformed")
    }

    @Test("S7: malformed JSON is an error", arguments: ["", "{", "not json", "[1,2]", #"{"rules":[{"id":"a","name":"A","action":"block","terms":[1]}]}"#, #"{"rules":{}}"#])
    func malformed(_ json: String) {
        #expect(code(json) == "policy.malformed")
    }

    @Test("S7: a bad rule is an error that names it")
    func badRules() {
        let unknownAction = #"{"rules":[{"id":"guns","name":"Guns","action":"deny","terms":["gun"]}]}"#
        #expect(code(unknownAction) == "policy.unknown_action")
        #expect(message(unknownAction).contains("'guns'"))
        #expect(message(unknownAction).contains("deny"))

        let missingAction = #"{"rules":[{"id":"guns","name":"Guns","terms":["gun"]}]}"#
        #expect(code(missingAction) == "policy.unknown_action")

        let emptyTerms = #"{"rules":[{"id":"guns","name":"Guns","action":"block","terms":[]}]}"#
        #expect(code(emptyTerms) == "policy.empty_terms")
        #expect(message(emptyTerms).contains("'guns'"))

        let missingTerms = #"{"rules":[{"id":"guns","name":"Guns","action":"block","term":["gun"]}]}"#
        #expect(code(missingTerms) == "policy.empty_terms")

        let blankTerm = #"{"rules":[{"id":"guns","name":"Guns","action":"block","terms":["gun", "  "]}]}"#
        #expect(code(blankTerm) == "policy.invalid_term")
        #expect(message(blankTerm).contains("'guns'"))

        let duplicate = #"{"rules":[{"id":"guns","name":"Guns","action":"block","terms":["gun"]},{"id":"Guns","name":"More guns","action":"warn","terms":["rifle"]}]}"#
        #expect(code(duplicate) == "policy.duplicate_rule_id")
        #expect(message(duplicate).contains("'Guns'"))

        let noID = #"{"rules":[{"name":"Guns","action":"block","terms":["gun"]}]}"#
        #expect(code(noID) == "policy.invalid_rule")
        #expect(message(noID).contains("Rule #1"))

        let noName = #"{"rules":[{"id":"guns","action":"block","terms":["gun"]}]}"#
        #expect(code(noName) == "policy.invalid_rule")
    }

    @Test("S7: an unknown format version is refused")
    func version() {
        #expect(code(#"{"version":2,"rules":[]}"#) == "policy.unsupported_version")
    }

    @Test("S7: validating init refuses what JSON loading refuses")
    func validating() {
        #expect(throws: TextingError.self) {
            try ContentPolicy(validating: [.init(id: "a", name: "A", action: .block, terms: ["!!!"])])
        }
        #expect(throws: TextingError.self) {
            try ContentPolicy(validating: [.init(id: "a", name: "A", action: .block, terms: [".bit.ly"])])
        }
    }

    @Test("S7: encoding round-trips through the JSON form")
    func roundTrip() throws {
        let policy = ContentPolicy(rules: [.init(id: "a", name: "A", action: .warn, terms: ["x", "bit.ly"])])
        let decoded = try ContentPolicy(json: JSONEncoder().encode(policy))
        #expect(decoded == policy)
        #expect(decoded.check("see bit.ly/1").matches.map(\.term) == ["bit.ly"])
    }
}
