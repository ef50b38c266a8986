import Foundation

/// A signed-in session of a staff account (W4), as stored. The bearer token itself is never
/// stored: only its SHA-256 hash, so a copy of the database lets nobody act as anyone.
public struct StaffAccountSessionRecord: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the session token.
    public var tokenHash: String
    public var accountID: Int64
    /// The token every change made in this session must carry (W4).
    public var csrfToken: String
    public var createdAt: Date
    /// The last request made with the session (updated at most about once a minute).
    public var lastUsedAt: Date
    /// The absolute end of the session, whatever its use.
    public var expiresAt: Date

    public init(tokenHash: String, accountID: Int64, csrfToken: String, createdAt: Date, lastUsedAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }
}
