import Foundation
import GRDB
import TextingCore
import TextingStore

/// Staff accounts and sessions (W1, W4) in the tables of migration `v5-staff-accounts`.
extension SQLiteStore: AccountStore {
    public func createStaffAccount(_ account: NewStaffAccount, at: Date) async throws -> StaffAccountRecord {
        let arguments = try StatementArguments.exact([
            account.practice.rawValue, account.login.lowercased(), account.displayName, account.role.rawValue,
            account.passwordHash, at.storageValue, at.storageValue,
        ])
        return try await committer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM practice WHERE id = ?", arguments: [account.practice.rawValue]) == true
            else { throw TextingError.practiceNotFound(account.practice) }
            do {
                try db.execute(sql: """
                    INSERT INTO staff_account (practice_id, login, display_name, role, password_hash, disabled, created_at,
                        changed_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                    """, arguments: arguments)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw TextingError(.init("account.login_taken"),
                                   "The login name \(account.login.lowercased()) is already taken; choose another.")
            }
            return StaffAccountRecord(
                id: db.lastInsertedRowID, practice: account.practice, login: account.login.lowercased(),
                displayName: account.displayName, role: account.role, passwordHash: account.passwordHash, disabled: false,
                createdAt: at, changedAt: at)
        }
    }

    public func staffAccount(id: Int64) async throws -> StaffAccountRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff_account WHERE id = ?", arguments: [id]).map(Self.staffAccount(from:))
        }
    }

    public func staffAccount(login: String) async throws -> StaffAccountRecord? {
        let arguments = try StatementArguments.exact([login.lowercased()])
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff_account WHERE login = ?", arguments: arguments)
                .map(Self.staffAccount(from:))
        }
    }

    public func staffAccounts(practice: PracticeID?) async throws -> [StaffAccountRecord] {
        try await pool.read { db in
            let rows = if let practice {
                try Row.fetchAll(db, sql: "SELECT * FROM staff_account WHERE practice_id = ? ORDER BY id",
                                 arguments: [practice.rawValue])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM staff_account ORDER BY id")
            }
            return try rows.map(Self.staffAccount(from:))
        }
    }

    public func setStaffAccountDisabled(id: Int64, disabled: Bool, at: Date) async throws -> StaffAccountRecord? {
        try await committer.write { db in
            try db.execute(sql: "UPDATE staff_account SET disabled = ?, changed_at = ? WHERE id = ?",
                           arguments: [disabled, at.storageValue, id])
            guard db.changesCount > 0 else { return nil }
            if disabled { try db.execute(sql: "DELETE FROM staff_session WHERE account_id = ?", arguments: [id]) }
            return try Row.fetchOne(db, sql: "SELECT * FROM staff_account WHERE id = ?", arguments: [id])
                .map(Self.staffAccount(from:))
        }
    }

    public func setStaffAccountPassword(id: Int64, passwordHash: String, at: Date) async throws -> StaffAccountRecord? {
        let arguments = try StatementArguments.exact([passwordHash, at.storageValue, id])
        return try await committer.write { db in
            try db.execute(sql: "UPDATE staff_account SET password_hash = ?, changed_at = ? WHERE id = ?", arguments: arguments)
            guard db.changesCount > 0 else { return nil }
            try db.execute(sql: "DELETE FROM staff_session WHERE account_id = ?", arguments: [id])
            return try Row.fetchOne(db, sql: "SELECT * FROM staff_account WHERE id = ?", arguments: [id])
                .map(Self.staffAccount(from:))
        }
    }

    public func createStaffSession(_ session: StaffAccountSessionRecord) async throws {
        let arguments = try StatementArguments.exact([
            session.tokenHash, session.accountID, session.csrfToken, session.createdAt.storageValue,
            session.lastUsedAt.storageValue, session.expiresAt.storageValue,
        ])
        try await committer.write { db in
            try db.execute(sql: """
                INSERT INTO staff_session (token_hash, account_id, csrf_token, created_at, last_used_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: arguments)
        }
    }

    public func staffSession(tokenHash: String) async throws
        -> (session: StaffAccountSessionRecord, account: StaffAccountRecord)?
    {
        let arguments = try StatementArguments.exact([tokenHash])
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM staff_session WHERE token_hash = ?", arguments: arguments),
                  let account = try Row.fetchOne(db, sql: "SELECT * FROM staff_account WHERE id = ?",
                                                 arguments: [row["account_id"] as Int64])
            else { return nil }
            let session = StaffAccountSessionRecord(
                tokenHash: row["token_hash"], accountID: row["account_id"], csrfToken: row["csrf_token"],
                createdAt: Date(storageValue: row["created_at"]), lastUsedAt: Date(storageValue: row["last_used_at"]),
                expiresAt: Date(storageValue: row["expires_at"]))
            return (session, try Self.staffAccount(from: account))
        }
    }

    public func touchStaffSession(tokenHash: String, at: Date) async throws {
        let arguments = try StatementArguments.exact([at.storageValue, tokenHash])
        try await committer.write { db in
            try db.execute(sql: "UPDATE staff_session SET last_used_at = ? WHERE token_hash = ?", arguments: arguments)
        }
    }

    public func deleteStaffSession(tokenHash: String) async throws {
        let arguments = try StatementArguments.exact([tokenHash])
        try await committer.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE token_hash = ?", arguments: arguments)
        }
    }

    @discardableResult
    public func deleteStaffSessions(account: Int64) async throws -> Int {
        try await committer.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE account_id = ?", arguments: [account])
            return db.changesCount
        }
    }

    @discardableResult
    public func deleteEndedStaffSessions(now: Date, idleSince: Date) async throws -> Int {
        try await committer.write { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE expires_at <= ? OR last_used_at < ?",
                           arguments: [now.storageValue, idleSince.storageValue])
            return db.changesCount
        }
    }

    static func staffAccount(from row: Row) throws -> StaffAccountRecord {
        let roleName: String = row["role"]
        guard let role = StaffAccountRecord.Role(rawValue: roleName) else {
            throw CorruptRow(table: "staff_account", column: "role", value: roleName)
        }
        return StaffAccountRecord(
            id: row["id"], practice: PracticeID(row["practice_id"]), login: row["login"], displayName: row["display_name"],
            role: role, passwordHash: row["password_hash"], disabled: row["disabled"],
            createdAt: Date(storageValue: row["created_at"]), changedAt: Date(storageValue: row["changed_at"]))
    }
}
