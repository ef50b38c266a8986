import Foundation

/// A successful sign-in (W4): the session's secrets and who it is for.
public struct SignIn: Sendable, Hashable {
    /// The bearer token of the session (256 random bits, base64url): the cookie's value. Shown
    /// once; the daemon keeps only its hash.
    public var token: String
    /// The token every change made in this session must carry (`X-CSRF-Token`).
    public var csrfToken: String
    /// The signed-in account.
    public var identity: AccountIdentity
    /// When the session ends at the latest, however much it is used.
    public var expiresAt: Date

    public init(token: String, csrfToken: String, identity: AccountIdentity, expiresAt: Date) {
        self.token = token
        self.csrfToken = csrfToken
        self.identity = identity
        self.expiresAt = expiresAt
    }
}

/// A session that is valid now: its account and the CSRF token changes must carry.
public struct AuthenticatedSession: Sendable, Hashable {
    public var identity: AccountIdentity
    public var csrfToken: String
    /// When the session ends unless used again before (the sooner of its idle and absolute ends).
    public var expiresAt: Date

    public init(identity: AccountIdentity, csrfToken: String, expiresAt: Date) {
        self.identity = identity
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }

    /// The caller operations see.
    public var caller: Caller { .account(identity) }
}
