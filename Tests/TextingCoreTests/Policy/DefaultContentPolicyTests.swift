import Foundation
import Testing
@testable import TextingCore

@Suite("Shipped content policy (S7)")
struct DefaultContentPolicyTests {
    let policy: ContentPolicy

    init() throws {
        policy = try ContentPolicy.bundledDefault()
    }

    @Test("S7: the built-in default loads and covers SHAFT, illegal drugs and URL shorteners")
    func covers() {
        let ids = Set(policy.rules.map(\.id))
        #expect(ids.isSuperset(of: ["sex", "hate", "alcohol", "firearms", "tobacco", "illegal-drugs", "url-shorteners"]))
    }

    @Test("S7: illegal drugs including cannabis and CBD are blocked",
          arguments: ["cbd oil", "Try CBD treats", "marijuana edibles", "cannabis", "cocaine", "magic mushrooms", "THC"])
    func drugsBlocked(_ text: String) {
        guard case .block(let match) = policy.check(text) else {
            Issue.record("\(text) was not blocked")
            return
        }
        #expect(match.ruleID == "illegal-drugs")
    }

    @Test("S7: public URL shorteners are blocked",
          arguments: ["bit.ly/x", "https://bit.ly/abc", "tinyurl.com/y", "https://t.co/z", "https://maps.app.goo.gl/q", "rb.gy/1", "cutt.ly/a"])
    func shortenersBlocked(_ text: String) {
        #expect(policy.check(text) == .block(policy.check(text).matches[0]))
        #expect(policy.check(text).matches.first?.ruleID == "url-shorteners")
    }

    @Test("S7: explicit sex and hate slogans are blocked", arguments: [("free porn", "sex"), ("white power", "hate"), ("KKK", "hate")])
    func blocked(_ text: String, _ rule: String) {
        guard case .block(let match) = policy.check(text) else {
            Issue.record("\(text) was not blocked")
            return
        }
        #expect(match.ruleID == rule)
    }

    @Test("S7: ambiguous clinic words warn rather than block",
          arguments: [("Clean it with rubbing alcohol", "alcohol"), ("Did he find a cigarette butt?", "tobacco"),
                      ("Pellets from a shotgun showed on the x-ray", "firearms"), ("Could she have eaten weed killer?", "drug-slang"),
                      ("Nicotine gum is toxic to dogs", "tobacco"), ("a gun", "firearms")])
    func warned(_ text: String, _ rule: String) {
        guard case .warn(let matches) = policy.check(text) else {
            Issue.record("\(text) did not warn: \(policy.check(text))")
            return
        }
        #expect(matches.map(\.ruleID) == [rule])
    }

    @Test("S7: everyday veterinary messages are allowed",
          arguments: ["Bella's rabies shot is due", "begun", "Max is due for his injection and sedation on Monday",
                      "We can neuter or spay at 6 months", "Is Daisy in heat? Breeding questions welcome",
                      "Pick up the medication at our dispensary", "Your Maine Coon's X-rays look good",
                      "What sex is the new kitten?", "Her coonhound is gun-shy", "Ketamine and fentanyl were used during surgery",
                      "Joint supplement and gabapentin for the stud", "The mother (bitch) and pups are doing well",
                      "https://www.google.com/maps/place/Lakeside+Vet", "Please see https://lakesidevet.com/forms",
                      "Give the trazodone 2 hours before the visit", "Use the alcohol-free wipes"])
    func allowed(_ text: String) {
        #expect(policy.check(text) == .allowed)
    }

    @Test("S7: the built-in policy is Config/content-policy.json byte for byte (issue 11, defect 6)")
    func builtInIsConfigCopy() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let config = try Data(contentsOf: root.appendingPathComponent("Config/content-policy.json"))
        #expect(Data(ContentPolicy.builtInJSON.utf8) == config,
                "the compiled-in policy differs from Config/content-policy.json; run scripts/embed-content-policy.sh")
        #expect(try ContentPolicy(json: config) == policy)
    }
}
