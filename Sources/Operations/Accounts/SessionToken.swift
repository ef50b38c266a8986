import Crypto
import Foundation

/// The random secrets of a session: the bearer token and the CSRF token (W4).
enum SessionToken {
    /// 256 random bits from the system's secure generator, as 43 characters of unpadded
    /// base64url (safe in a cookie and a header).
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a token: its SHA-256 in lower-case hex.
    static func storageHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
