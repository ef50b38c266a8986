import Foundation
import Testing

/// Issue 12, point 5: text people read (error messages, replies, log lines, help) names no
/// internal rule ids such as "(E2)"; they stay in comments, tests, commits and `Docs/`. Every
/// string literal of every Swift file under `Sources/` is checked, so a new message with an id
/// fails here.
@Suite("Text people read names no rule ids: string literals in Sources (issue 12)")
struct NoRuleIdsInSourceTextTests {
    /// The repository's `Sources/` folder, found from this file's path.
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every `.swift` file under `Sources/`, as paths relative to it, sorted.
    static func swiftFiles() throws -> [String] {
        let root = sources.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func noStringLiteralUnderSourcesNamesARuleId() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "found only \(files.count) Swift files under \(Self.sources.path)")
        var offences: [String] = []
        for file in files {
            let source = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for literal in SwiftStringLiterals.scan(source) where !RuleIDs.find(in: literal.text).isEmpty {
                offences.append("Sources/\(file):\(literal.line): \(literal.text)")
            }
        }
        #expect(offences.isEmpty, "rule ids in text people read:\n\(offences.joined(separator: "\n"))")
    }

    // The detector itself: these fail if it stops seeing ids, or starts seeing comments.

    @Test func findsRuleIdsInTheFormsMessagesUsedThem() {
        #expect(RuleIDs.find(in: "enable it first (E3).") == ["E3"])
        #expect(RuleIDs.find(in: "a client's profile (C2, A5).") == ["C2", "A5"])
        #expect(RuleIDs.find(in: "conversations (S1–S7, C1–C3, O1)") == ["S1", "S7", "C1", "C3", "O1"])
        #expect(RuleIDs.find(in: "twowayd content policy (rule S7).") == ["S7"])
        #expect(RuleIDs.find(in: "needed before requesting a number, E2") == ["E2"])
    }

    @Test func leavesWordsThatOnlyLookLikeIdsAlone() {
        #expect(RuleIDs.find(in: "UTF8, SHA256, IPv4, /api/v1, 3GP, MP4, E164, 1A, X1, e2").isEmpty)
    }

    @Test func scansLiteralsButNotComments() {
        let source = #"""
            // A reply there (S5).
            /* block (E2) /* nested (E3) */ still comment (E4) */
            /// Doc (A1).
            let a = "end it first (S5)."
            let b = #"raw "quoted" (E7)"#
            let c = "\(x.map { "inner (R4)" }) outer (O1) \("a)b")"
            let d = """
                multi \
                line (C3)
                """
            let e = "escaped \" quote (D1)"
            """#
        let texts = SwiftStringLiterals.scan(source).map(\.text)
        #expect(texts.contains("end it first (S5)."))
        #expect(texts.contains(#"raw "quoted" (E7)"#))
        #expect(texts.contains("inner (R4)"))
        #expect(texts.contains("… outer (O1) …"))
        #expect(texts.contains("a)b"))
        #expect(texts.contains { $0.contains("line (C3)") })
        #expect(texts.contains(#"escaped " quote (D1)"#))
        #expect(!texts.contains { $0.contains("E2") || $0.contains("E3") || $0.contains("E4") || $0.contains("A1") })
        #expect(SwiftStringLiterals.scan(source).first { $0.text.contains("(C3)") }?.line == 7)
    }
}
