import Foundation

/// The practice's unacceptable-content policy (S7): named rules of terms, each rule either
/// blocking a staff-written message or asking staff to confirm it.
///
/// Matching is case-, diacritic- and width-insensitive and whole-word: `gun` matches `Gun!` and
/// `gun's` but not `begun` or `gun-shy` (a hyphenated word is one word); a multi-word term such as
/// `magic mushrooms` matches those words in sequence, whatever spaces or punctuation lie between
/// them. A term with a dot and no spaces is a domain (`bit.ly`): it matches that host or any
/// subdomain of it anywhere in the text, with or without a scheme (`https://bit.ly/abc`,
/// `bit.ly/x`, `www.bit.ly`), but not another domain that merely ends in the same letters
/// (`notbit.ly`). Terms are literal: list every form to be matched (`gun`, `guns`).
///
/// The JSON form (the shipped default and the operator's `Config/content-policy.json`):
/// ```json
/// { "version": 1,
///   "rules": [ { "id": "firearms", "name": "Firearms", "action": "warn", "terms": ["gun", "guns"] } ] }
/// ```
/// `version` may be omitted; other keys (such as a rule's `description`) are ignored.
public struct ContentPolicy: Sendable, Codable, Hashable {
    /// The JSON format version this code reads and writes.
    public static let formatVersion = 1

    /// What happens to a message that matches a rule.
    public enum Action: String, Sendable, Codable, Hashable, CaseIterable {
        /// The message is refused; nothing is stored as sent.
        case block
        /// The message is sent only after staff confirm it.
        case warn
    }

    /// One named group of terms with one action.
    public struct Rule: Sendable, Codable, Hashable {
        /// Stable identifier, unique within the policy (case-insensitively), e.g. `firearms`.
        public var id: String
        /// Display name used in explanations, e.g. `Firearms`.
        public var name: String
        public var action: Action
        /// Words, phrases or domains; at least one, none blank.
        public var terms: [String]

        public init(id: String, name: String, action: Action, terms: [String]) {
            self.id = id
            self.name = name
            self.action = action
            self.terms = terms
        }
    }

    /// The rules in policy order.
    public let rules: [Rule]
    /// `rules` prepared for matching, index for index; derived, so not part of equality.
    private let patterns: [[(term: String, pattern: TermPattern)]]

    /// A policy of `rules` as given, unchecked: terms without any letter or digit can never
    /// match and are skipped. Use ``init(validating:)`` or ``init(json:)`` for input from people.
    public init(rules: [Rule]) {
        self.rules = rules
        patterns = rules.map { rule in
            rule.terms.compactMap { term in TermPattern(term).map { (term, $0) } }
        }
    }

    /// A policy of `rules`, refusing a rule with a blank id or name, no terms, a term with no
    /// letter or digit (or a malformed domain), or an id used by an earlier rule.
    public init(validating rules: [Rule]) throws(TextingError) {
        var seen = Set<String>()
        for (index, rule) in rules.enumerated() {
            let label = Self.label(id: rule.id, index: index)
            guard !rule.id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw TextingError(.init("policy.invalid_rule"), "\(label) has no id; give every rule a unique \"id\".")
            }
            guard !rule.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw TextingError(.init("policy.invalid_rule"), "\(label) has no name; give it a \"name\" to show to staff.")
            }
            guard seen.insert(rule.id.lowercased()).inserted else {
                throw TextingError(.init("policy.duplicate_rule_id"),
                                   "\(label) uses an id that an earlier rule already has; rule ids must be unique.")
            }
            guard !rule.terms.isEmpty else {
                throw TextingError(.init("policy.empty_terms"), "\(label) has no terms; list at least one in \"terms\".")
            }
            for term in rule.terms where TermPattern(term) == nil {
                throw TextingError(.init("policy.invalid_term"),
                                   "\(label) has the term \"\(term)\", which has no letters or digits to match or is not a valid domain.")
            }
        }
        self.init(rules: rules)
    }

    /// The policy in `json` (see the type's documentation for the format), validated as
    /// ``init(validating:)`` does. Errors name the rule at fault: `policy.malformed`,
    /// `policy.unsupported_version`, `policy.unknown_action`, `policy.invalid_rule`,
    /// `policy.empty_terms`, `policy.invalid_term`, `policy.duplicate_rule_id`.
    public init(json: Data) throws(TextingError) {
        do {
            self = try JSONDecoder().decode(ContentPolicy.self, from: json)
        } catch let error as TextingError {
            throw error
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw TextingError(.init("policy.malformed"), "The content policy is not valid JSON (\(Self.reason(context))).")
        } catch let error as DecodingError {
            throw TextingError(.init("policy.malformed"), "The content policy has a wrong value: \(Self.describe(error)).")
        } catch {
            throw TextingError(.init("policy.malformed"), "The content policy could not be read: \(error).")
        }
    }

    /// The policy built into twowayd: the text of `Config/content-policy.json`, compiled into
    /// TextingCore (``builtInJSON``), used when the configuration names no `contentPolicyFile`.
    ///
    /// No file is read, so the binary needs nothing installed beside it. It throws only if the
    /// compiled-in text were not a valid policy, which a TextingCore test rules out.
    public static func bundledDefault() throws(TextingError) -> ContentPolicy {
        try ContentPolicy(json: Data(builtInJSON.utf8))
    }

    /// Checks a staff-written message: `.block` when any blocking rule matches (block wins over
    /// warn), else `.warn` with every warning match, else `.allowed`. See ``ContentVerdict``.
    public func check(_ text: String) -> ContentVerdict {
        let prepared = PolicyText(text)
        var firstBlock: (offset: Int, match: PolicyMatch)?
        var warnings: [(offset: Int, match: PolicyMatch)] = []
        for (rule, terms) in zip(rules, patterns) {
            for (term, pattern) in terms {
                guard let offset = pattern.firstOffset(in: prepared) else { continue }
                let match = PolicyMatch(ruleID: rule.id, ruleName: rule.name, term: term, action: rule.action)
                switch rule.action {
                case .block:
                    if firstBlock.map({ offset < $0.offset }) ?? true { firstBlock = (offset, match) }
                case .warn:
                    warnings.append((offset, match))
                }
            }
        }
        if let firstBlock { return .block(firstBlock.match) }
        if warnings.isEmpty { return .allowed }
        // A stable sort keeps policy order among matches at the same offset.
        let ordered = warnings.enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element.match)
        var seen = Set<PolicyMatch>()
        return .warn(ordered.filter { seen.insert($0).inserted })
    }

    // MARK: Equality and coding: by rules only

    public static func == (lhs: ContentPolicy, rhs: ContentPolicy) -> Bool { lhs.rules == rhs.rules }

    public func hash(into hasher: inout Hasher) { hasher.combine(rules) }

    private enum CodingKeys: String, CodingKey { case version, rules }

    /// The JSON shape before validation, so errors can name the rule at fault.
    private struct RawRule: Decodable {
        var id: String?
        var name: String?
        var action: String?
        var terms: [String]?
    }

    /// Decodes and validates; throws ``TextingError`` for a rule that is wrong (see ``init(json:)``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let version = try container.decodeIfPresent(Int.self, forKey: .version), version != Self.formatVersion {
            throw TextingError(.init("policy.unsupported_version"),
                               "The content policy has version \(version); this twowayd reads version \(Self.formatVersion).")
        }
        guard container.contains(.rules) else {
            throw TextingError(.init("policy.malformed"), "The content policy has no \"rules\" list.")
        }
        let raw = try container.decode([RawRule].self, forKey: .rules)
        var rules: [Rule] = []
        for (index, rule) in raw.enumerated() {
            let label = Self.label(id: rule.id ?? "", index: index)
            guard let actionText = rule.action else {
                throw TextingError(.init("policy.unknown_action"), "\(label) has no \"action\"; use \"block\" or \"warn\".")
            }
            guard let action = Action(rawValue: actionText) else {
                throw TextingError(.init("policy.unknown_action"),
                                   "\(label) has the unknown action \"\(actionText)\"; use \"block\" or \"warn\".")
            }
            rules.append(Rule(id: rule.id ?? "", name: rule.name ?? "", action: action, terms: rule.terms ?? []))
        }
        try self.init(validating: rules)
    }

    /// Encodes as the JSON form, with `version`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(rules, forKey: .rules)
    }

    // MARK: Messages

    private static func label(id: String, index: Int) -> String {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "Rule #\(index + 1)" : "Rule '\(trimmed)' (#\(index + 1))"
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            .joined()
            .drop(while: { $0 == "." })
        return text.isEmpty ? "the top level" : String(text)
    }

    private static func reason(_ context: DecodingError.Context) -> String {
        let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
        let text = detail ?? context.debugDescription
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    private static func kind(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        if name == "String" { return "a string" }
        if name == "Int" { return "a whole number" }
        return name
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            "\(path(context.codingPath)) should be \(kind(type))"
        case .valueNotFound(let type, let context):
            "\(path(context.codingPath)) should be \(kind(type)), not null"
        case .keyNotFound(let key, let context):
            "\(path(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            "\(path(context.codingPath)): \(reason(context))"
        @unknown default:
            "\(error)"
        }
    }
}
