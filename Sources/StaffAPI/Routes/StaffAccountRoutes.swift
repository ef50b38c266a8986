import Control
import Hummingbird
import Operations
import TextingCore

/// The practice's staff accounts (W1, W4), for its admins: the list, a new account, disabling
/// (its sessions end at once), enabling and a new password (its sessions end too). A `staff`
/// account is refused with `auth.forbidden`; another practice's account answers
/// `account.not_found`, exactly like one that does not exist (W2).
struct StaffAccountRoutes {
    let operations: Operations

    struct AddBody: Decodable {
        var login: String
        /// The name shown on the account's messages.
        var name: String
        /// `admin` or `staff`.
        var role: String
        var password: String
    }

    struct PasswordBody: Decodable {
        var password: String
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "staff-accounts", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.listStaffAccounts(caller, StaffListCommand(practice: nil)))
        }
        routes.on(.post, "staff-accounts", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(AddBody.self, from: request, limit: 4_096)
            return try JSONResponse.make(try await operations.addStaffAccount(caller, StaffAddCommand(
                practice: nil, login: body.login, name: body.name, role: body.role, password: body.password)),
                status: .created)
        }
        routes.on(.post, "staff-accounts/{id}/disable", in: group) { _, context in
            let caller = try context.requireSession().caller
            let id = try Self.accountID(context)
            return try JSONResponse.make(try await operations.disableStaffAccount(caller, StaffDisableCommand(account: id)))
        }
        routes.on(.post, "staff-accounts/{id}/enable", in: group) { _, context in
            let caller = try context.requireSession().caller
            let id = try Self.accountID(context)
            return try JSONResponse.make(try await operations.enableStaffAccount(caller, StaffEnableCommand(account: id)))
        }
        routes.on(.post, "staff-accounts/{id}/reset-password", in: group) { request, context in
            let caller = try context.requireSession().caller
            let id = try Self.accountID(context)
            let body = try await JSONResponse.decode(PasswordBody.self, from: request, limit: 4_096)
            return try JSONResponse.make(try await operations.resetStaffPassword(
                caller, StaffResetPasswordCommand(account: id, password: body.password)))
        }
    }

    /// The account's id as the operations take it (digits: an id, never a login name).
    static func accountID(_ context: StaffRequestContext) throws -> String {
        String(try PathParameter.id(context, notFound: TextingError(.init("account.not_found"), "There is no such staff account.")))
    }
}
