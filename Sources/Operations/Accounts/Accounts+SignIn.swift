import Foundation
import TextingCore
import TextingStore

/// Signing in and out and checking sessions (W4).
extension Accounts {
    /// Signs in with a login name and password from `address` (the client's IP address, for the
    /// throttle).
    ///
    /// A wrong login name and a wrong password give the same error, `auth.invalid_credentials`,
    /// in about the same time (an unknown login is checked against a decoy hash). After too many
    /// failures for the login or the address the answer is `auth.throttled` whatever the
    /// password (``signInRetryAfter(login:from:)`` tells for how long). A disabled account gets
    /// `auth.account_disabled`, and only with its right password.
    public func signIn(login: String, password: String, from address: String) async throws -> SignIn {
        let login = LoginName.normalized(login)
        let started = now()
        if let seconds = await throttle.retryAfter(login: login, address: address, now: started) {
            logger.notice("staff sign-in throttled", metadata: ["event": "staff_sign_in_throttled", "address": "\(address)"])
            throw Self.throttled(seconds)
        }
        let account = LoginName.isValid(login) ? try await store.staffAccount(login: login) : nil
        let checkable = Self.isCheckable(password)
        let stored = if let account { account.passwordHash } else { try await decoyHash() }
        let matches = try await verify(password, hash: stored) && checkable
        guard let account, matches else {
            await throttle.recordFailure(login: login, address: address, now: started)
            logger.notice("staff sign-in refused", metadata: [
                "event": "staff_sign_in_refused", "address": "\(address)", "code": "auth.invalid_credentials",
            ])
            throw TextingError(.init("auth.invalid_credentials"), "The login name or password is wrong.")
        }
        guard !account.disabled else {
            logger.notice("staff sign-in refused", metadata: [
                "event": "staff_sign_in_refused", "address": "\(address)", "account": "\(account.id)",
                "code": "auth.account_disabled",
            ])
            throw TextingError(.init("auth.account_disabled"),
                               "This account is disabled. Ask an administrator of your practice to enable it.")
        }
        await throttle.recordSuccess(login: login)
        let token = SessionToken.random()
        let csrf = SessionToken.random()
        let expires = started.addingTimeInterval(settings.absoluteLifetime)
        try await store.deleteEndedStaffSessions(now: started, idleSince: started.addingTimeInterval(-settings.idleLifetime))
        try await store.createStaffSession(StaffAccountSessionRecord(
            tokenHash: SessionToken.storageHash(token), accountID: account.id, csrfToken: csrf, createdAt: started,
            lastUsedAt: started, expiresAt: expires))
        logger.info("staff signed in", metadata: [
            "event": "staff_sign_in", "account": "\(account.id)", "practice": "\(account.practice)",
        ])
        return SignIn(token: token, csrfToken: csrf, identity: Self.identity(account), expiresAt: expires)
    }

    /// Seconds until a sign-in for `login` from `address` is accepted again, nil when it would
    /// be now: the Retry-After of an `auth.throttled` refusal.
    public func signInRetryAfter(login: String, from address: String) async -> Int? {
        await throttle.retryAfter(login: LoginName.normalized(login), address: address, now: now())
    }

    /// The session of `token` when it is valid now: known, not past its idle or absolute end,
    /// and of an account that is not disabled. Records the use. Nil otherwise (also when the
    /// store cannot be read; that is logged).
    public func session(token: String) async -> AuthenticatedSession? {
        let hash = SessionToken.storageHash(token)
        let time = now()
        do {
            guard let (session, account) = try await store.staffSession(tokenHash: hash) else { return nil }
            let idleEnd = session.lastUsedAt.addingTimeInterval(settings.idleLifetime)
            guard !account.disabled, time < session.expiresAt, time < idleEnd else { return nil }
            var lastUsed = session.lastUsedAt
            if time.timeIntervalSince(session.lastUsedAt) >= settings.touchInterval {
                try await store.touchStaffSession(tokenHash: hash, at: time)
                lastUsed = time
            }
            return AuthenticatedSession(
                identity: Self.identity(account), csrfToken: session.csrfToken,
                expiresAt: min(session.expiresAt, lastUsed.addingTimeInterval(settings.idleLifetime)))
        } catch {
            logger.error("staff session lookup failed", metadata: ["event": "staff_session_error", "error": "\(error)"])
            return nil
        }
    }

    /// Ends the session of `token` at once; an unknown token is not an error.
    public func signOut(token: String) async throws {
        let hash = SessionToken.storageHash(token)
        if let (_, account) = try await store.staffSession(tokenHash: hash) {
            logger.info("staff signed out", metadata: ["event": "staff_sign_out", "account": "\(account.id)"])
        }
        try await store.deleteStaffSession(tokenHash: hash)
        sessionEnds.ended(.session(tokenHash: hash))
    }

    // MARK: - Helpers

    static func throttled(_ seconds: Int) -> TextingError {
        let minutes = max(1, (seconds + 59) / 60)
        return TextingError(.init("auth.throttled"),
                            "Too many failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
    }

    /// Whether bcrypt sees all of `password`: it stops at U+0000 and after 72 bytes, so a longer
    /// or NUL-holding password could match one that is not the same.
    static func isCheckable(_ password: String) -> Bool {
        !password.utf8.contains(0) && password.utf8.count <= Password.maxBytes
    }

    static func identity(_ account: StaffAccountRecord) -> AccountIdentity {
        AccountIdentity(id: account.id, practice: account.practice, role: StaffRole(account.role),
                        displayName: account.displayName)
    }
}

extension StaffRole {
    /// The role a stored account has.
    init(_ role: StaffAccountRecord.Role) {
        switch role {
        case .admin: self = .admin
        case .staff: self = .staff
        }
    }

    /// How the store spells the role.
    var stored: StaffAccountRecord.Role {
        switch self {
        case .admin: .admin
        case .staff: .staff
        }
    }
}
