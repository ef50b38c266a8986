#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Looks up local users and groups by name and id (the system's `passwd` and `group`
/// databases, or a fake one in tests).
public protocol UserDirectory: Sendable {
    func uid(ofUser name: String) -> UInt32?
    func gid(ofGroup name: String) -> UInt32?
    func userName(uid: UInt32) -> String?
    /// Every group `name` belongs to, `primaryGroup` included.
    func groups(ofUser name: String, primaryGroup: UInt32) -> [UInt32]
}

/// The system's user and group databases (`getpwnam_r`, `getgrnam_r`, `getpwuid_r`,
/// `getgrouplist`), as NSS configures them.
public struct SystemUserDirectory: UserDirectory {
    public init() {}

    public func uid(ofUser name: String) -> UInt32? {
        withPasswd { entry, buffer, size, result in getpwnam_r(name, &entry, buffer, size, &result) }?.uid
    }

    public func userName(uid: UInt32) -> String? {
        withPasswd { entry, buffer, size, result in getpwuid_r(uid, &entry, buffer, size, &result) }?.name
    }

    public func gid(ofGroup name: String) -> UInt32? {
        var entry = group()
        var result: UnsafeMutablePointer<group>? = nil
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
        return status == 0 && result != nil ? entry.gr_gid : nil
    }

    public func groups(ofUser name: String, primaryGroup: UInt32) -> [UInt32] {
        var count: Int32 = 64
        while count <= 65_536 {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var found = count
            if getgrouplist(name, primaryGroup, &groups, &found) >= 0 {
                return Array(groups.prefix(Int(found)))
            }
            count = max(found, count * 2)
        }
        return [primaryGroup]
    }

    /// Runs a `getpw*_r` call and returns the entry's uid and name while its buffer lives.
    private func withPasswd(
        _ call: (inout passwd, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> (uid: UInt32, name: String)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var buffer = [CChar](repeating: 0, count: 16_384)
        return buffer.withUnsafeMutableBufferPointer { storage -> (uid: UInt32, name: String)? in
            guard let base = storage.baseAddress, call(&entry, base, storage.count, &result) == 0, result != nil,
                  let name = entry.pw_name
            else { return nil }
            return (entry.pw_uid, String(cString: name))
        }
    }
}
