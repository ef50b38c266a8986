import Foundation
import TextingCore

/// Durable storage of staff accounts and their sessions (W1, W4), apart from ``MessageStore``
/// so that a front door needing only sign-in depends on no more than this.
///
/// Every write returns after it is durable. Implementations must be safe to call from many tasks
/// at once.
public protocol AccountStore: Sendable {
    // MARK: Accounts
    /// Inserts an account. A login already used by any account of any practice (compared
    /// ignoring case) is refused with `account.login_taken`; an unknown practice with
    /// `practice.not_found`.
    func createStaffAccount(_ account: NewStaffAccount, at: Date) async throws -> StaffAccountRecord
    /// The account with `id`, disabled or not.
    func staffAccount(id: Int64) async throws -> StaffAccountRecord?
    /// The account whose login is `login`, ignoring case.
    func staffAccount(login: String) async throws -> StaffAccountRecord?
    /// The accounts of `practice` (of every practice when nil), by id.
    func staffAccounts(practice: PracticeID?) async throws -> [StaffAccountRecord]
    /// Disables or enables an account. Disabling deletes all its sessions in the same
    /// transaction, so none of them works after this returns (W4). Returns the changed account,
    /// nil when there is none with `id`.
    func setStaffAccountDisabled(id: Int64, disabled: Bool, at: Date) async throws -> StaffAccountRecord?
    /// Replaces an account's password hash and deletes all its sessions in the same transaction.
    /// Returns the changed account, nil when there is none with `id`.
    func setStaffAccountPassword(id: Int64, passwordHash: String, at: Date) async throws -> StaffAccountRecord?

    // MARK: Sessions
    /// Stores a new session.
    func createStaffSession(_ session: StaffAccountSessionRecord) async throws
    /// The session whose token hashes to `tokenHash`, with its account; expiry is the caller's
    /// to judge.
    func staffSession(tokenHash: String) async throws -> (session: StaffAccountSessionRecord, account: StaffAccountRecord)?
    /// Records a use of the session.
    func touchStaffSession(tokenHash: String, at: Date) async throws
    /// Ends one session (sign-out). Ending one that does not exist is not an error.
    func deleteStaffSession(tokenHash: String) async throws
    /// Ends every session of an account; returns how many there were.
    @discardableResult
    func deleteStaffSessions(account: Int64) async throws -> Int
    /// Deletes sessions that ended: past their absolute expiry at `now`, or unused since
    /// `idleSince`. Returns how many.
    @discardableResult
    func deleteEndedStaffSessions(now: Date, idleSince: Date) async throws -> Int
}
