/// Who may use the control socket (D4): the users and groups of `control.allowedUsers` and
/// `control.allowedGroups`, checked against the kernel's credentials of each connecting process.
///
/// A peer is allowed when its uid is an allowed user's, or when it belongs to an allowed group:
/// its effective gid, or a supplementary group of its user (`/etc/group`). Root is allowed only
/// when listed (the default configuration lists it). Names are resolved on every connection, so
/// a new group member is let in without a reload; a name that resolves to nothing matches
/// nobody. A name made only of digits is taken as a numeric uid or gid.
///
/// The daemon's own user (``daemonUID``) is always allowed: the shipped unit's `ExecReload=`
/// runs `twowayctl reload` as that user, and it can read the database anyway.
public struct ControlAccessPolicy: Sendable, Hashable {
    public var allowedUsers: [String]
    public var allowedGroups: [String]
    /// The uid the daemon runs as, allowed whatever the lists say; nil allows only the lists.
    public var daemonUID: UInt32?

    public init(allowedUsers: [String], allowedGroups: [String], daemonUID: UInt32? = nil) {
        self.allowedUsers = allowedUsers
        self.allowedGroups = allowedGroups
        self.daemonUID = daemonUID
    }

    public init(_ configuration: DaemonConfiguration.Control, daemonUID: UInt32? = nil) {
        self.init(allowedUsers: configuration.allowedUsers, allowedGroups: configuration.allowedGroups, daemonUID: daemonUID)
    }

    /// Whether `peer` may connect, and why, with names looked up in `directory`.
    public func decide(_ peer: PeerCredentials, directory: some UserDirectory) -> ControlAccessDecision {
        let userName = directory.userName(uid: peer.uid)
        if let daemonUID, peer.uid == daemonUID {
            return .allowed("\(userName.map { "user \($0)" } ?? "uid \(peer.uid)") is the daemon's own user")
        }
        for user in allowedUsers where Self.id(user, directory.uid(ofUser:)) == peer.uid {
            return .allowed("user \(userName ?? user) is in control.allowedUsers")
        }
        let groups = allowedGroups.compactMap { name in Self.id(name, directory.gid(ofGroup:)).map { (name, $0) } }
        if let (name, _) = groups.first(where: { $0.1 == peer.gid }) {
            return .allowed("group \(name) is in control.allowedGroups")
        }
        if let userName {
            let memberships = Set(directory.groups(ofUser: userName, primaryGroup: peer.gid))
            if let (name, _) = groups.first(where: { memberships.contains($0.1) }) {
                return .allowed("user \(userName) is a member of group \(name) in control.allowedGroups")
            }
        }
        return .refused(
            "\(userName.map { "User \($0)" } ?? "uid \(peer.uid)") may not use the twowayd control socket: it is neither "
                + "in control.allowedUsers nor a member of a group in control.allowedGroups.")
    }

    private static func id(_ name: String, _ lookup: (String) -> UInt32?) -> UInt32? {
        if !name.isEmpty, name.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return UInt32(name)
        }
        return lookup(name)
    }
}

/// The outcome of ``ControlAccessPolicy/decide(_:directory:)``, with the reason in words.
public enum ControlAccessDecision: Sendable, Hashable {
    case allowed(String)
    case refused(String)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}
