import Foundation
import TextingCore

/// A staff account of one practice as stored (W1). The store keeps what it is given; the rules
/// for login names, passwords and who may change an account live in `Operations`.
public struct StaffAccountRecord: Sendable, Hashable {
    /// What an account may do, as the store spells it (`Operations.StaffRole` maps onto it).
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case admin
        case staff
    }

    public var id: Int64
    public var practice: PracticeID
    /// Unique across the daemon; stored in lower case, so lookups ignore case.
    public var login: String
    /// The name shown on the account's messages, e.g. "Dr. Alice".
    public var displayName: String
    public var role: Role
    /// A bcrypt hash (`$2b$…`); never the password.
    public var passwordHash: String
    /// A disabled account cannot sign in and has no sessions (W4).
    public var disabled: Bool
    public var createdAt: Date
    /// When the name, role, password or disabled flag last changed.
    public var changedAt: Date

    public init(
        id: Int64, practice: PracticeID, login: String, displayName: String, role: Role, passwordHash: String,
        disabled: Bool, createdAt: Date, changedAt: Date
    ) {
        self.id = id
        self.practice = practice
        self.login = login
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
        self.changedAt = changedAt
    }
}

/// The values of an account to create; the store assigns the id and the times.
public struct NewStaffAccount: Sendable, Hashable {
    public var practice: PracticeID
    /// Already checked and in lower case.
    public var login: String
    public var displayName: String
    public var role: StaffAccountRecord.Role
    public var passwordHash: String

    public init(practice: PracticeID, login: String, displayName: String, role: StaffAccountRecord.Role, passwordHash: String) {
        self.practice = practice
        self.login = login
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
    }
}
