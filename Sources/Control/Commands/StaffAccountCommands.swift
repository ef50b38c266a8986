/// `staff.add`: creates a staff account of a practice (W1). The password travels only in the
/// request, never on a command line.
public struct StaffAddCommand: ControlCommand, PracticeScoped {
    public typealias Result = StaffAccountInfo
    public static let name = "staff.add"
    public var practice: Int64?
    /// 3 to 64 characters: letters, digits and `. _ - @`, at least one letter; case is ignored.
    public var login: String
    /// The name shown on the account's messages, e.g. "Dr. Alice".
    public var name: String
    /// `admin` or `staff`.
    public var role: String
    /// At least 10 characters.
    public var password: String

    public init(practice: Int64?, login: String, name: String, role: String, password: String) {
        self.practice = practice
        self.login = login
        self.name = name
        self.role = role
        self.password = password
    }
}

/// `staff.list`: the staff accounts of a practice, or of every practice when none is named.
public struct StaffListCommand: ControlCommand, PracticeScoped {
    public typealias Result = StaffAccountList
    public static let name = "staff.list"
    public var practice: Int64?

    public init(practice: Int64?) { self.practice = practice }
}

/// `staff.disable`: disables an account and ends all its sessions at once (W4).
public struct StaffDisableCommand: ControlCommand {
    public typealias Result = StaffAccountInfo
    public static let name = "staff.disable"
    /// The account's login name or id.
    public var account: String

    public init(account: String) { self.account = account }
}

/// `staff.enable`: lets a disabled account sign in again.
public struct StaffEnableCommand: ControlCommand {
    public typealias Result = StaffAccountInfo
    public static let name = "staff.enable"
    /// The account's login name or id.
    public var account: String

    public init(account: String) { self.account = account }
}

/// `staff.reset-password`: gives an account a new password and ends all its sessions (W4).
public struct StaffResetPasswordCommand: ControlCommand {
    public typealias Result = StaffAccountInfo
    public static let name = "staff.reset-password"
    /// The account's login name or id.
    public var account: String
    /// At least 10 characters.
    public var password: String

    public init(account: String, password: String) {
        self.account = account
        self.password = password
    }
}
