/// HMAC-SHA1 (RFC 2104) and a constant-time comparison, for the carrier's webhook signatures.
///
/// Written here because the project has no crypto dependency; checked against the RFC 2202 test
/// vectors and Twilio's published example in `DaemonTests`.
public enum HMACSHA1 {
    /// The 20-byte MAC of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var block = key.count > SHA1.blockSize ? SHA1.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA1.blockSize - block.count)
        let inner = SHA1.hash(block.map { $0 ^ 0x36 } + message)
        return SHA1.hash(block.map { $0 ^ 0x5C } + inner)
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths (so a forger
    /// cannot learn a signature byte by byte from response times).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
