/// One term of a content-policy rule found in a message (S7).
public struct PolicyMatch: Sendable, Hashable, Codable {
    /// The rule's stable id, e.g. `illegal-drugs`.
    public let ruleID: String
    /// The rule's display name, e.g. `Illegal drugs`.
    public let ruleName: String
    /// The term as the rule spells it (not as the message spells it), e.g. `cbd`.
    public let term: String
    /// What the rule does with a match.
    public let action: ContentPolicy.Action

    public init(ruleID: String, ruleName: String, term: String, action: ContentPolicy.Action) {
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.term = term
        self.action = action
    }

    /// A sentence for staff: `Blocked by rule 'Firearms': "gun"` for a blocking rule,
    /// `Warning from rule 'Alcohol': "wine"` for a warning one.
    public var explanation: String {
        switch action {
        case .block: "Blocked by rule '\(ruleName)': \"\(term)\""
        case .warn: "Warning from rule '\(ruleName)': \"\(term)\""
        }
    }
}
