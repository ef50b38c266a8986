/// The practices' texting numbers, as the sandbox carrier's pool hands them out
/// (`SandboxNumberPool` in the daemon): practice `i` gets `+1 8XX 555 1NNN`, the demo practice
/// the sandbox seeds being index 0, `+1 800 555 1000`.
public enum PracticeNumbers {
    private static let prefixes = ["800", "833", "844", "855", "866", "877", "888"]

    /// The texting number of the `index`-th practice (0..<7000).
    public static func number(at index: Int) -> String {
        precondition(index >= 0 && index < prefixes.count * 1_000, "the sandbox pool has 7,000 numbers")
        return "+1\(prefixes[index / 1_000])555\(1_000 + index % 1_000)"
    }

    /// The sandbox demo practice's number.
    public static let demo = number(at: 0)
}
