import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// Staff accounts and sessions (W1, W4), as the SQLite store keeps them: logins are unique across
/// the database ignoring case and stored in lower case; a session is kept only as the SHA-256 of
/// its token; disabling an account or changing its password ends its sessions in the same transaction.
extension PostgresStore: AccountStore {
    public func createStaffAccount(_ account: NewStaffAccount, at: Date) async throws -> StaffAccountRecord {
        let login = account.login.lowercased()
        try Self.checkStorable(login, account.displayName, account.passwordHash)
        do {
            return try await unwrappingTransaction { connection, logger in
                let practice = try await connection.query(
                    "SELECT id FROM practice WHERE id = \(account.practice.rawValue)", logger: logger).collect()
                guard !practice.isEmpty else { throw TextingError.practiceNotFound(account.practice) }
                let rows = try await connection.query("""
                    INSERT INTO staff_account (practice_id, login, display_name, role, password_hash, disabled, created_at,
                        changed_at)
                    VALUES (\(account.practice.rawValue), \(login), \(account.displayName), \(account.role.rawValue),
                        \(account.passwordHash), 0, \(at.storageValue), \(at.storageValue))
                    RETURNING *
                    """, logger: logger).collect()
                guard let row = rows.first else { throw Self.noRow }
                return try Self.staffAccount(from: row)
            }
        } catch where Self.isUniqueViolation(error) {
            throw TextingError(.init("account.login_taken"), "The login name \(login) is already taken; choose another.")
        }
    }

    public func staffAccount(id: Int64) async throws -> StaffAccountRecord? {
        try await oneAccount("SELECT * FROM staff_account WHERE id = \(id)")
    }

    public func staffAccount(login: String) async throws -> StaffAccountRecord? {
        let login = login.lowercased()
        try Self.checkStorable(login)
        return try await oneAccount("SELECT * FROM staff_account WHERE lower(login) = lower(\(login))")
    }

    public func staffAccounts(practice: PracticeID?) async throws -> [StaffAccountRecord] {
        let query: PostgresQuery = if let practice {
            "SELECT * FROM staff_account WHERE practice_id = \(practice.rawValue) ORDER BY id"
        } else {
            "SELECT * FROM staff_account ORDER BY id"
        }
        var accounts: [StaffAccountRecord] = []
        for try await row in try await client.query(query, logger: logger) {
            accounts.append(try Self.staffAccount(from: row))
        }
        return accounts
    }

    public func setStaffAccountDisabled(id: Int64, disabled: Bool, at: Date) async throws -> StaffAccountRecord? {
        try await changeAccount(id: id, endingSessions: disabled, """
            UPDATE staff_account SET disabled = \(disabled ? 1 : 0 as Int64), changed_at = \(at.storageValue)
            WHERE id = \(id) RETURNING *
            """)
    }

    public func setStaffAccountPassword(id: Int64, passwordHash: String, at: Date) async throws -> StaffAccountRecord? {
        try Self.checkStorable(passwordHash)
        return try await changeAccount(id: id, endingSessions: true, """
            UPDATE staff_account SET password_hash = \(passwordHash), changed_at = \(at.storageValue)
            WHERE id = \(id) RETURNING *
            """)
    }

    public func createStaffSession(_ session: StaffAccountSessionRecord) async throws {
        try Self.checkStorable(session.tokenHash, session.csrfToken)
        try await client.query("""
            INSERT INTO staff_session (token_hash, account_id, csrf_token, created_at, last_used_at, expires_at)
            VALUES (\(session.tokenHash), \(session.accountID), \(session.csrfToken), \(session.createdAt.storageValue),
                \(session.lastUsedAt.storageValue), \(session.expiresAt.storageValue))
            """, logger: logger)
    }

    public func staffSession(tokenHash: String) async throws
        -> (session: StaffAccountSessionRecord, account: StaffAccountRecord)?
    {
        try Self.checkStorable(tokenHash)
        let rows = try await client.query("""
            SELECT s.token_hash, s.account_id, s.csrf_token, s.created_at AS session_created_at, s.last_used_at,
                s.expires_at, a.*
            FROM staff_session s JOIN staff_account a ON a.id = s.account_id
            WHERE s.token_hash = \(tokenHash)
            """, logger: logger).collect()
        guard let row = rows.first else { return nil }
        let r = StoredRow(row, table: "staff_session")
        let session = StaffAccountSessionRecord(
            tokenHash: try r.value("token_hash"), accountID: try r.value("account_id"), csrfToken: try r.value("csrf_token"),
            createdAt: try r.date("session_created_at"), lastUsedAt: try r.date("last_used_at"),
            expiresAt: try r.date("expires_at"))
        return (session, try Self.staffAccount(from: row))
    }

    public func touchStaffSession(tokenHash: String, at: Date) async throws {
        try Self.checkStorable(tokenHash)
        try await client.query("UPDATE staff_session SET last_used_at = \(at.storageValue) WHERE token_hash = \(tokenHash)",
                               logger: logger)
    }

    public func deleteStaffSession(tokenHash: String) async throws {
        try Self.checkStorable(tokenHash)
        try await client.query("DELETE FROM staff_session WHERE token_hash = \(tokenHash)", logger: logger)
    }

    @discardableResult
    public func deleteStaffSessions(account: Int64) async throws -> Int {
        try await countDeleted("DELETE FROM staff_session WHERE account_id = \(account) RETURNING 1")
    }

    @discardableResult
    public func deleteEndedStaffSessions(now: Date, idleSince: Date) async throws -> Int {
        try await countDeleted("""
            DELETE FROM staff_session WHERE expires_at <= \(now.storageValue) OR last_used_at < \(idleSince.storageValue)
            RETURNING 1
            """)
    }

    // MARK: - Helpers

    /// The error of a statement with `RETURNING` that returned nothing.
    static let noRow = TextingError(.init("store.no_row"), "The database returned no row where one was expected.")

    private func oneAccount(_ query: PostgresQuery) async throws -> StaffAccountRecord? {
        try await client.query(query, logger: logger).collect().first.map(Self.staffAccount(from:))
    }

    /// Runs `update` (an `UPDATE … RETURNING *` of one account) and, when `endingSessions`, deletes
    /// the account's sessions in the same transaction; nil when there is no such account.
    private func changeAccount(id: Int64, endingSessions: Bool, _ update: PostgresQuery) async throws -> StaffAccountRecord? {
        try await unwrappingTransaction { connection, logger in
            guard let row = try await connection.query(update, logger: logger).collect().first else { return nil }
            if endingSessions {
                try await connection.query("DELETE FROM staff_session WHERE account_id = \(id)", logger: logger)
            }
            return try Self.staffAccount(from: row)
        }
    }

    private func countDeleted(_ query: PostgresQuery) async throws -> Int {
        var count = 0
        for try await _ in try await client.query(query, logger: logger) { count += 1 }
        return count
    }
}
