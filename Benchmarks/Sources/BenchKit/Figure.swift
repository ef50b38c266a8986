/// One benchmark result beside its target, printed as `name: measured / target  [verdict]`.
public struct Figure: Sendable {
    public enum Verdict: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        /// Context for another figure; no target of its own.
        case info = "info"
    }

    public let name: String
    public let measured: String
    public let target: String
    public let verdict: Verdict

    public init(_ name: String, measured: String, target: String, pass: Bool?) {
        self.name = name
        self.measured = measured
        self.target = target
        verdict = pass.map { $0 ? .pass : .fail } ?? .info
    }

    public var line: String {
        "\(name): \(measured) / \(target)  [\(verdict.rawValue)]"
    }

    /// The exit status of a run that printed `figures`: 1 when any of them is FAIL, else 0
    /// (`info` figures have no target and never fail a run).
    public static func exitStatus(_ figures: [Figure]) -> Int32 {
        figures.contains { $0.verdict == .fail } ? 1 : 0
    }
}
