import Control
import Foundation
import TextingCore
import TextingStore

/// Creating, listing, disabling and re-keying staff accounts (W1, W2, W4).
///
/// A system administrator manages the accounts of every practice; an account with role `admin`
/// those of its own practice only, and another practice's account answers exactly as one that
/// does not exist (W2); role `staff` is refused with `auth.forbidden`.
extension Accounts {
    /// Which account a command is about: its id, or its login name.
    public enum Reference: Sendable, Hashable, CustomStringConvertible {
        case id(Int64)
        case login(String)

        /// An all-digit string is an id (a login name always has a letter), anything else a login.
        public init(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), let id = Int64(trimmed) {
                self = .id(id)
            } else {
                self = .login(LoginName.normalized(trimmed))
            }
        }

        public var description: String {
            switch self {
            case .id(let id): "\(id)"
            case .login(let login): login
            }
        }
    }

    /// Creates an account of `practice` with `password` (at least 10 characters).
    public func add(
        practice: PracticeID, login: String, displayName: String, role: StaffRole, password: String, by caller: Caller
    ) async throws -> StaffAccountInfo {
        try Self.requireManager(caller, of: practice)
        let login = try LoginName.checked(login)
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
            throw TextingError(.init("account.invalid_name"), "The display name needs 1 to 100 characters on one line.")
        }
        try Password.check(password)
        let hash = try await hash(password)
        let account = try await store.createStaffAccount(
            NewStaffAccount(practice: practice, login: login, displayName: name, role: role.stored, passwordHash: hash),
            at: now())
        logger.info("staff account added", metadata: [
            "event": "staff_account_added", "account": "\(account.id)", "practice": "\(practice)",
            "role": "\(role.rawValue)", "by": "\(caller)",
        ])
        return Self.info(account)
    }

    /// The accounts of `practice`, by id; a system administrator may leave it out for every
    /// practice's, an admin account gets its own practice's.
    public func list(practice: PracticeID?, by caller: Caller) async throws -> StaffAccountList {
        let scope: PracticeID?
        switch caller {
        case .systemAdministrator:
            scope = practice
        case .account(let identity):
            let own = practice ?? identity.practice
            try Self.requireManager(caller, of: own)
            scope = own
        }
        return StaffAccountList(accounts: try await store.staffAccounts(practice: scope).map(Self.info))
    }

    /// Disables an account and ends all its sessions at once (W4). An admin cannot disable
    /// their own account.
    public func disable(_ reference: Reference, by caller: Caller) async throws -> StaffAccountInfo {
        let account = try await managedAccount(reference, by: caller)
        if case .account(let identity) = caller, identity.id == account.id {
            throw TextingError(.init("account.self"),
                               "You cannot disable your own account; another administrator of the practice can.")
        }
        guard let changed = try await store.setStaffAccountDisabled(id: account.id, disabled: true, at: now()) else {
            throw Self.notFound(reference)
        }
        sessionEnds.ended(.account(account.id))
        logger.info("staff account disabled", metadata: [
            "event": "staff_account_disabled", "account": "\(account.id)", "practice": "\(account.practice)",
            "by": "\(caller)",
        ])
        return Self.info(changed)
    }

    /// Enables a disabled account again: it can sign in with its password (its old sessions
    /// stay ended).
    public func enable(_ reference: Reference, by caller: Caller) async throws -> StaffAccountInfo {
        let account = try await managedAccount(reference, by: caller)
        guard let changed = try await store.setStaffAccountDisabled(id: account.id, disabled: false, at: now()) else {
            throw Self.notFound(reference)
        }
        logger.info("staff account enabled", metadata: [
            "event": "staff_account_enabled", "account": "\(account.id)", "practice": "\(account.practice)",
            "by": "\(caller)",
        ])
        return Self.info(changed)
    }

    /// Gives an account a new password and ends all its sessions at once.
    public func resetPassword(_ reference: Reference, newPassword: String, by caller: Caller) async throws
        -> StaffAccountInfo
    {
        let account = try await managedAccount(reference, by: caller)
        try Password.check(newPassword)
        let hash = try await hash(newPassword)
        guard let changed = try await store.setStaffAccountPassword(id: account.id, passwordHash: hash, at: now()) else {
            throw Self.notFound(reference)
        }
        sessionEnds.ended(.account(account.id))
        logger.info("staff password reset", metadata: [
            "event": "staff_password_reset", "account": "\(account.id)", "practice": "\(account.practice)",
            "by": "\(caller)",
        ])
        return Self.info(changed)
    }

    // MARK: - Authorisation

    /// The account `reference` names when `caller` may manage it; `account.not_found` when there
    /// is none or it belongs to another practice than an admin caller's (W2).
    func managedAccount(_ reference: Reference, by caller: Caller) async throws -> StaffAccountRecord {
        try Self.requireManager(caller)
        let found = switch reference {
        case .id(let id): try await store.staffAccount(id: id)
        case .login(let login): try await store.staffAccount(login: login)
        }
        guard let found else { throw Self.notFound(reference) }
        if case .account(let identity) = caller, identity.practice != found.practice { throw Self.notFound(reference) }
        return found
    }

    /// Refuses a caller who may not manage the accounts of `practice`: `auth.forbidden` for role
    /// `staff`, `practice.not_found` for an admin of another practice (W2).
    static func requireManager(_ caller: Caller, of practice: PracticeID) throws {
        try requireManager(caller)
        guard case .account(let identity) = caller else { return }
        guard identity.practice == practice else {
            throw TextingError.practiceNotFound(practice)
        }
    }

    /// Refuses role `staff` with `auth.forbidden`: only admins manage accounts.
    static func requireManager(_ caller: Caller) throws {
        if case .account(let identity) = caller, identity.role != .admin {
            throw TextingError(.init("auth.forbidden"), "Only an administrator of the practice can manage staff accounts.")
        }
    }

    static func notFound(_ reference: Reference) -> TextingError {
        TextingError(.init("account.not_found"), "There is no staff account \(reference).")
    }

    static func info(_ account: StaffAccountRecord) -> StaffAccountInfo {
        StaffAccountInfo(
            id: account.id, practice: account.practice.rawValue, login: account.login, name: account.displayName,
            role: account.role.rawValue, disabled: account.disabled, createdAt: account.createdAt,
            changedAt: account.changedAt)
    }
}
