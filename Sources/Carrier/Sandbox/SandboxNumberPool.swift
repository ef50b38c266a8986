import TextingCore

/// The sandbox's deterministic pool of toll-free numbers (E2): practice N gets
/// +1 8XX 555 01NN style numbers in a fixed order, so demos and tests can predict them.
public enum SandboxNumberPool {
    private static let prefixes = ["800", "833", "844", "855", "866", "877", "888"]

    /// The `index`-th number of the pool (0-based); nil past the pool's 7,000 numbers.
    public static func number(at index: Int) -> PhoneNumber? {
        guard index >= 0, index < prefixes.count * 1000 else { return nil }
        let prefix = prefixes[index / 1000]
        let line = 1000 + index % 1000
        return PhoneNumber(e164: "+1\(prefix)555\(line)")
    }
}
