import Testing
@testable import Daemon

/// D4: the control socket is only for the local users and groups the configuration allows.
@Suite("Control socket access (D4)")
struct AccessPolicyTests {
    /// root (0), alice (1000, also in group twowayd 990), mallory (1001), the twowayd user (990).
    struct FakeUsers: UserDirectory {
        let users: [String: UInt32] = ["root": 0, "alice": 1000, "mallory": 1001, "twowayd": 990]
        let groups: [String: UInt32] = ["root": 0, "alice": 1000, "mallory": 1001, "twowayd": 990]
        let members: [String: [UInt32]] = ["alice": [990]]

        func uid(ofUser name: String) -> UInt32? { users[name] }
        func gid(ofGroup name: String) -> UInt32? { groups[name] }
        func userName(uid: UInt32) -> String? { users.first { $0.value == uid }?.key }
        func groups(ofUser name: String, primaryGroup: UInt32) -> [UInt32] { [primaryGroup] + (members[name] ?? []) }
    }

    let defaults = ControlAccessPolicy(DaemonConfiguration.Control())

    @Test("The default lists root and group twowayd")
    func defaultConfiguration() {
        #expect(defaults.allowedUsers == ["root"])
        #expect(defaults.allowedGroups == ["twowayd"])
    }

    @Test("root is allowed because it is listed")
    func root() {
        #expect(defaults.decide(PeerCredentials(pid: 1, uid: 0, gid: 0), directory: FakeUsers()).isAllowed)
        let withoutRoot = ControlAccessPolicy(allowedUsers: [], allowedGroups: ["twowayd"])
        #expect(!withoutRoot.decide(PeerCredentials(pid: 1, uid: 0, gid: 0), directory: FakeUsers()).isAllowed)
    }

    @Test("A member of an allowed group is allowed by primary or supplementary group")
    func groupMembers() {
        let alice = defaults.decide(PeerCredentials(pid: 2, uid: 1000, gid: 1000), directory: FakeUsers())
        #expect(alice == .allowed("user alice is a member of group twowayd in control.allowedGroups"))
        let primary = defaults.decide(PeerCredentials(pid: 3, uid: 990, gid: 990), directory: FakeUsers())
        #expect(primary.isAllowed)
    }

    @Test("Anyone else is refused, with a reason naming the settings")
    func others() {
        let mallory = defaults.decide(PeerCredentials(pid: 4, uid: 1001, gid: 1001), directory: FakeUsers())
        guard case .refused(let reason) = mallory else {
            Issue.record("mallory was allowed")
            return
        }
        #expect(reason.contains("User mallory") && reason.contains("control.allowedUsers"))
        let stranger = defaults.decide(PeerCredentials(pid: 5, uid: 4242, gid: 4242), directory: FakeUsers())
        #expect(stranger == .refused("uid 4242 may not use the twowayd control socket: it is neither in control.allowedUsers "
            + "nor a member of a group in control.allowedGroups."))
    }

    @Test("Numeric entries are ids; unknown names match nobody")
    func numericAndUnknown() {
        let policy = ControlAccessPolicy(allowedUsers: ["1001", "nobody-here"], allowedGroups: ["no-such-group"])
        #expect(policy.decide(PeerCredentials(pid: 6, uid: 1001, gid: 1001), directory: FakeUsers()).isAllowed)
        #expect(!policy.decide(PeerCredentials(pid: 7, uid: 1000, gid: 1000), directory: FakeUsers()).isAllowed)
    }

    @Test("The system directory resolves root")
    func systemDirectory() {
        let system = SystemUserDirectory()
        #expect(system.uid(ofUser: "root") == 0)
        #expect(system.userName(uid: 0) == "root")
        #expect(system.gid(ofGroup: "root") == 0)
        #expect(system.groups(ofUser: "root", primaryGroup: 0).contains(0))
        #expect(system.uid(ofUser: "no-such-user-twowayd-test") == nil)
    }
}
