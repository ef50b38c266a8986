import Control
import Operations

/// Staff accounts: `staff.add`, `staff.list`, `staff.disable`, `staff.enable`,
/// `staff.reset-password` (W1, W4),
/// each carried out by ``Operations``. Passwords arrive in the request only and are never
/// logged (the journal entry names the command, practice and outcome).
extension ControlHandler {
    static let accountRoutes: [(String, Route)] = [
        route(StaffAddCommand.self) { operations, args, caller, _ in try await operations.addStaffAccount(caller, args) },
        route(StaffListCommand.self) { operations, args, caller, _ in try await operations.listStaffAccounts(caller, args) },
        route(StaffDisableCommand.self) { operations, args, caller, _ in
            try await operations.disableStaffAccount(caller, args)
        },
        route(StaffEnableCommand.self) { operations, args, caller, _ in try await operations.enableStaffAccount(caller, args) },
        route(StaffResetPasswordCommand.self) { operations, args, caller, _ in
            try await operations.resetStaffPassword(caller, args)
        },
    ]
}
