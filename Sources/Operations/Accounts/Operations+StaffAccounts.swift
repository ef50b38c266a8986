import Control
import TextingCore

/// The `staff.*` commands (W1, W4), carried out by the environment's ``Accounts``: the practice
/// is the one the caller may act on (``practiceID(for:_:)``), the account named by login or id.
extension Operations {
    /// `staff.add`: a new account of the practice.
    public func addStaffAccount(_ caller: Caller, _ args: StaffAddCommand) async throws -> StaffAccountInfo {
        let accounts = try staffAccounts()
        try Accounts.requireManager(caller)
        let practice = try await practiceID(for: caller, args.practice)
        guard let role = StaffRole(rawValue: args.role.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw TextingError(.init("account.invalid_role"), "A role is admin or staff.")
        }
        return try await accounts.add(practice: practice, login: args.login, displayName: args.name, role: role,
                                      password: args.password, by: caller)
    }

    /// `staff.list`: the accounts of the named practice; of every practice when the system
    /// administrator names none.
    public func listStaffAccounts(_ caller: Caller, _ args: StaffListCommand) async throws -> StaffAccountList {
        let accounts = try staffAccounts()
        try Accounts.requireManager(caller)
        var practice: PracticeID?
        if let requested = args.practice { practice = try await practiceID(for: caller, requested) }
        return try await accounts.list(practice: practice, by: caller)
    }

    /// `staff.disable`: disables the account and ends its sessions at once.
    public func disableStaffAccount(_ caller: Caller, _ args: StaffDisableCommand) async throws -> StaffAccountInfo {
        try await staffAccounts().disable(Accounts.Reference(args.account), by: caller)
    }

    /// `staff.enable`: the account can sign in again.
    public func enableStaffAccount(_ caller: Caller, _ args: StaffEnableCommand) async throws -> StaffAccountInfo {
        try await staffAccounts().enable(Accounts.Reference(args.account), by: caller)
    }

    /// `staff.reset-password`: a new password; the account's sessions end at once.
    public func resetStaffPassword(_ caller: Caller, _ args: StaffResetPasswordCommand) async throws -> StaffAccountInfo {
        try await staffAccounts().resetPassword(Accounts.Reference(args.account), newPassword: args.password, by: caller)
    }

    private func staffAccounts() throws -> Accounts {
        guard let accounts = environment.accounts else {
            throw Arguments.unavailable("This daemon keeps no staff accounts.")
        }
        return accounts
    }
}
