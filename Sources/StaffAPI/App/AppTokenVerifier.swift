import Foundation
import JWTKit
import Operations
import Synchronization
import TextingCore

/// Checks the pet owner's app tokens (P1): JWTs the practice platform signs with the practice's
/// key, naming the practice (`practice`, a number) and the client (`sub`, the PMS id), with an
/// expiry (`exp`) and optionally `nbf` and `iat`.
///
/// The key of practice N is the credential `app-token-key-N`: a PEM public key is an ES256 key
/// (P-256); anything else is an HS256 secret, refused when shorter than 32 bytes. A token's `alg`
/// must be the key's own (no `none`, no HS256 token checked against a public key). A token must
/// not live longer than ``maximumLifetime`` (from `iat`, else from now), nor be used before `nbf`
/// or after `exp`; ``clockSkew`` allows for clocks a little apart on `nbf` and `iat` only. Keys are
/// read again ``keyCacheSeconds`` after they were last read, so a rotated key counts soon
/// without a restart.
public final class AppTokenVerifier: Sendable {
    /// The longest a token may live.
    public static let maximumLifetime: TimeInterval = 24 * 3600
    /// How far ahead of this clock `nbf` and `iat` may be.
    public static let clockSkew: TimeInterval = 60
    /// How long a key read from the credentials is used before it is read again.
    public static let keyCacheSeconds: TimeInterval = 60
    /// The shortest HS256 secret accepted, in bytes.
    public static let minimumSecretBytes = 32

    /// A verified token: who it speaks for and until when.
    public struct Verified: Sendable, Hashable {
        public var client: AppClient
        public var expiresAt: Date
    }

    private struct Key {
        var text: String
        var algorithm: String
        var keys: JWTKeyCollection
        var readAt: Date
    }

    private let secret: @Sendable (String) -> String?
    private let clock: @Sendable () -> Date
    private let cache = Mutex<[Int64: Key]>([:])

    /// - Parameters:
    ///   - secret: the credential of a name, read at call time.
    ///   - clock: "now" for expiry, `nbf`, `iat` and the key cache.
    public init(secret: @escaping @Sendable (String) -> String?, clock: @escaping @Sendable () -> Date = Date.init) {
        self.secret = secret
        self.clock = clock
    }

    /// The name of practice `id`'s key among the credentials.
    public static func keyName(practice id: Int64) -> String { "app-token-key-\(id)" }

    /// The client `token` speaks for.
    ///
    /// - Throws: `auth.app_token` for any token that is not valid, saying why in words.
    public func verify(_ token: String) async throws -> Verified {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.decode(Header.self, parts[0]) else {
            throw Self.refusal("it is not a signed JSON Web Token")
        }
        guard let alg = header.alg, alg.lowercased() != "none" else {
            throw Self.refusal("it is not signed")
        }
        guard let practice = Self.decode(PracticeClaim.self, parts[1])?.practice else {
            throw Self.refusal("its practice claim is missing or not a number")
        }
        let now = clock()
        let key = try await key(practice: practice, now: now)
        guard alg == key.algorithm else {
            throw Self.refusal("it is signed with \(alg), and this practice's key is for \(key.algorithm)")
        }
        let claims: AppTokenClaims
        do {
            claims = try await key.keys.verify(token, as: AppTokenClaims.self)
        } catch {
            throw Self.refusal("its signature does not match this practice's key, or its claims are malformed")
        }
        try Self.checkTimes(claims, now: now)
        let subject = claims.sub.value.trimmingCharacters(in: .whitespaces)
        guard !subject.isEmpty, subject.count <= DirectoryEntry.maximumClientIDLength,
              !subject.containsControlCharacter,
              claims.practice == practice
        else { throw Self.refusal("it names no client") }
        return Verified(client: AppClient(practice: PracticeID(practice), pmsClientID: subject), expiresAt: claims.exp.value)
    }

    /// `exp` passed, `nbf` not reached, `iat` in the future, or a lifetime over the maximum.
    static func checkTimes(_ claims: AppTokenClaims, now: Date) throws {
        let expiry = claims.exp.value
        guard now < expiry else { throw refusal("it has expired") }
        if let notBefore = claims.nbf?.value, notBefore > now.addingTimeInterval(clockSkew) {
            throw refusal("it is not valid yet")
        }
        if let issued = claims.iat?.value, issued > now.addingTimeInterval(clockSkew) {
            throw refusal("it was issued in the future")
        }
        let start = min(claims.iat?.value ?? now, now)
        guard expiry.timeIntervalSince(start) <= maximumLifetime else {
            throw refusal("it lives longer than \(Int(maximumLifetime / 3600)) hours")
        }
    }

    /// The practice's key, from the cache while fresh, else from the credentials.
    private func key(practice: Int64, now: Date) async throws -> Key {
        if let cached = cache.withLock({ $0[practice] }), now.timeIntervalSince(cached.readAt) < Self.keyCacheSeconds {
            return cached
        }
        guard practice > 0, let text = secret(Self.keyName(practice: practice)) else {
            cache.withLock { _ = $0.removeValue(forKey: practice) }
            throw Self.refusal("practice \(practice) accepts no app tokens here")
        }
        if let cached = cache.withLock({ $0[practice] }), cached.text == text {
            cache.withLock { $0[practice]?.readAt = now }
            return cached
        }
        let keys = JWTKeyCollection()
        let algorithm: String
        if text.contains("-----BEGIN") {
            guard let publicKey = try? ES256PublicKey(pem: text) else {
                throw Self.refusal("practice \(practice)'s key is not a P-256 public key")
            }
            await keys.add(ecdsa: publicKey)
            algorithm = "ES256"
        } else {
            guard text.utf8.count >= Self.minimumSecretBytes else {
                throw Self.refusal("practice \(practice)'s key is shorter than \(Self.minimumSecretBytes) bytes")
            }
            await keys.add(hmac: HMACKey(from: text), digestAlgorithm: .sha256)
            algorithm = "HS256"
        }
        let key = Key(text: text, algorithm: algorithm, keys: keys, readAt: now)
        cache.withLock { $0[practice] = key }
        return key
    }

    private struct Header: Decodable { var alg: String? }
    private struct PracticeClaim: Decodable { var practice: Int64 }

    /// A base64url JSON part decoded as `T`, or nil.
    private static func decode<T: Decodable>(_ type: T.Type, _ part: Substring) -> T? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    static func refusal(_ reason: String) -> TextingError {
        TextingError(.appToken, "The app token was refused: \(reason).")
    }
}
