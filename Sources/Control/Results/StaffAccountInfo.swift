import Foundation

/// A staff account as admins see it (W1); never its password or hash.
public struct StaffAccountInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var practice: Int64
    /// The login name, in lower case.
    public var login: String
    /// The name shown on the account's messages.
    public var name: String
    /// `admin` or `staff`.
    public var role: String
    /// A disabled account cannot sign in.
    public var disabled: Bool
    public var createdAt: Date
    public var changedAt: Date

    public init(
        id: Int64, practice: Int64, login: String, name: String, role: String, disabled: Bool, createdAt: Date,
        changedAt: Date
    ) {
        self.id = id
        self.practice = practice
        self.login = login
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
        self.changedAt = changedAt
    }
}

/// Staff accounts, by id.
public struct StaffAccountList: Codable, Sendable, Hashable {
    public var accounts: [StaffAccountInfo]
    public init(accounts: [StaffAccountInfo]) { self.accounts = accounts }
}
