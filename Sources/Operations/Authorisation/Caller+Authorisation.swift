import TextingCore

/// Who may do what (W1): the role checks every operation uses, and the name recorded with what
/// a caller does.
extension Caller {
    /// Refuses a `staff` account: practice settings (app chat, number, texting, hours, directory,
    /// porting) are for admins (W1). Administrator accounts and the system administrator pass.
    ///
    /// - Throws: `auth.forbidden`.
    public func requireAdmin() throws(TextingError) {
        if case .account(let identity) = self, identity.role != .admin {
            throw TextingError(.forbidden, "Only an administrator of the practice can do this.")
        }
    }

    /// Refuses every account: what concerns the whole daemon (adding practices, status, reload,
    /// the sandbox handsets) is for the people who run it.
    ///
    /// - Throws: `auth.forbidden`.
    public func requireSystemAdministrator() throws(TextingError) {
        if case .account = self {
            throw TextingError(.forbidden, "Only the people who run the texting service can do this.")
        }
    }

    /// The staff account acting, recorded beside ``author(named:)`` where the store keeps it;
    /// nil for the system administrator.
    public var accountID: Int64? {
        if case .account(let identity) = self { return identity.id }
        return nil
    }

    /// The author recorded with a message or change: an account's display name; for the system
    /// administrator the name they typed (`named`, the `--as` name), one line of at most 100
    /// characters.
    ///
    /// - Throws: `control.bad_args` when the system administrator gave no usable name.
    func author(named typed: String) throws(TextingError) -> String {
        switch self {
        case .account(let identity):
            return identity.displayName
        case .systemAdministrator:
            return try Arguments.staff(typed)
        }
    }
}

extension TextingError.Code {
    /// The caller is signed in but its role may not do this (W1).
    public static let forbidden = TextingError.Code("auth.forbidden")
}
