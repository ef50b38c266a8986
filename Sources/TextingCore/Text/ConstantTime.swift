/// Comparison of secrets (signatures, tokens) in time that depends only on their lengths, so a
/// forger cannot learn a secret byte by byte from response times. Every door that checks a
/// presented secret uses it.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; the time taken does not depend on where they differ.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// Whether `a` and `b` have the same UTF-8 bytes, compared as ``equal(_:_:)`` does.
    public static func equal(_ a: String, _ b: String) -> Bool {
        equal(Array(a.utf8), Array(b.utf8))
    }
}
