import TextingCore

/// Who asks for an operation. Every front door (control socket, staff API, later the app and
/// platform APIs) turns its own credentials into a `Caller`, and the operations decide from it
/// what may be seen and done (W1, W2); no door decides that itself.
public enum Caller: Sendable, Hashable, CustomStringConvertible {
    /// A user the control socket admits (root, or a member of the `twowayd` group): an
    /// administrator of the whole daemon, acting on any practice. `name` is recorded with what
    /// they do (the `--as` name, else the login name).
    case systemAdministrator(name: String)
    /// A signed-in staff account of one practice.
    case account(AccountIdentity)

    public var description: String {
        switch self {
        case .systemAdministrator(let name): "administrator \(name)"
        case .account(let identity): "account \(identity.id) (\(identity.role.rawValue), practice \(identity.practice))"
        }
    }
}

/// What an operation needs to know about a signed-in staff account.
public struct AccountIdentity: Sendable, Hashable {
    /// The account's id (stable; recorded with every message and change it makes).
    public var id: Int64
    /// The one practice whose data the account sees and changes (W2).
    public var practice: PracticeID
    /// What the account may do (W1).
    public var role: StaffRole
    /// The name staff and clients see on its messages, e.g. "Dr. Alice".
    public var displayName: String

    public init(id: Int64, practice: PracticeID, role: StaffRole, displayName: String) {
        self.id = id
        self.practice = practice
        self.role = role
        self.displayName = displayName
    }
}

/// The roles of a staff account (W1).
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Practice settings: app chat, number, texting, hours, directory, staff accounts; and all
    /// that `staff` may do.
    case admin
    /// Conversations, clients and subscriptions.
    case staff
}
