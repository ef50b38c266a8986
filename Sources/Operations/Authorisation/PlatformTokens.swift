import Crypto
import Foundation
import Logging
import Routing
import TextingCore

/// Turns a platform API bearer token into a ``PlatformCaller``: each practice's token is the
/// secret `platform-token-<practice id>` of the daemon's credentials. Secrets are read again at
/// most every ``cacheSeconds`` (a rotated file takes effect within a minute) and compared in
/// constant time. Failures from one address are slowed down like staff sign-ins (W4).
public actor PlatformTokens {
    /// Reads a secret by file name at call time (the daemon's `Credentials.secret(named:)`).
    public typealias SecretLookup = @Sendable (_ name: String) -> String?

    private let router: Router
    private let lookup: SecretLookup
    private let now: @Sendable () -> Date
    private let throttle: LoginThrottle
    /// How long read tokens are kept before the files are read again.
    public let cacheSeconds: TimeInterval
    private var cache: (readAt: Date, tokens: [(practice: PracticeID, digest: [UInt8])])?

    /// The secret's name for `practice`.
    public static func secretName(_ practice: PracticeID) -> String { "platform-token-\(practice.rawValue)" }

    public init(
        router: Router, lookup: @escaping SecretLookup, cacheSeconds: TimeInterval = 30,
        limits: LoginThrottle.Limits = .init(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.router = router
        self.lookup = lookup
        self.cacheSeconds = cacheSeconds
        self.now = now
        self.throttle = LoginThrottle(limits: limits)
    }

    /// The caller whose token is `token`, from `address` (for the throttle).
    ///
    /// - Throws: `auth.platform_token` (401) when the token is missing or matches no practice;
    ///   `auth.throttled` (429) after too many failures from the address.
    public func caller(token: String?, address: String) async throws -> PlatformCaller {
        let started = now()
        if let seconds = await throttle.retryAfter(login: "platform:\(address)", address: address, now: started) {
            throw Accounts.throttled(seconds)
        }
        guard let token, !token.isEmpty else {
            await throttle.recordFailure(login: "platform:\(address)", address: address, now: started)
            throw Self.refusal
        }
        let presented = Array(SHA256.hash(data: Data(token.utf8)))
        var found: PracticeID?
        // Every practice's digest is compared, whatever matched, so the time does not say which.
        for entry in await tokens(at: started) where ConstantTime.equal(entry.digest, presented) {
            found = entry.practice
        }
        guard let found else {
            await throttle.recordFailure(login: "platform:\(address)", address: address, now: started)
            throw Self.refusal
        }
        return PlatformCaller(practice: found)
    }

    /// Seconds until a request from `address` is accepted again, nil when it is now.
    public func retryAfter(address: String) async -> Int? {
        await throttle.retryAfter(login: "platform:\(address)", address: address, now: now())
    }

    private func tokens(at time: Date) async -> [(practice: PracticeID, digest: [UInt8])] {
        if let cache, time.timeIntervalSince(cache.readAt) < cacheSeconds, time >= cache.readAt { return cache.tokens }
        var tokens: [(practice: PracticeID, digest: [UInt8])] = []
        for practice in await router.allPractices() {
            guard let secret = lookup(Self.secretName(practice.id)), !secret.isEmpty else { continue }
            tokens.append((practice.id, Array(SHA256.hash(data: Data(secret.utf8)))))
        }
        cache = (time, tokens)
        return tokens
    }

    public static let refusal = TextingError(
        .platformToken,
        "This request needs the practice's platform API token as \"Authorization: Bearer <token>\"; the token sent is missing or not valid.")
}

extension TextingError.Code {
    /// The platform API's bearer token is missing or matches no practice.
    public static let platformToken = TextingError.Code("auth.platform_token")
}
