import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The listening file descriptors systemd passed by socket activation (`sd_listen_fds(3)`),
/// each with the name from its socket unit's `FileDescriptorName=`.
///
/// Descriptors are numbered from `SD_LISTEN_FDS_START` (3) in the order systemd passed them.
/// systemd names unnamed descriptors `unknown` (or after the socket unit when several units pass
/// fds); a name can repeat when a unit has several `Listen…=` lines.
public struct ListenedSockets: Sendable {
    /// The descriptors in the order they were passed.
    public let all: [(name: String, fd: Int32)]

    /// Wraps an explicit list (for tests, or a daemon that got fds another way).
    public init(_ all: [(name: String, fd: Int32)]) {
        self.all = all
    }

    /// Takes the descriptors passed to this process and unsets `$LISTEN_PID`, `$LISTEN_FDS` and
    /// `$LISTEN_FDNAMES` so child processes do not see them (`sd_listen_fds_with_names(1, …)`);
    /// the descriptors get `FD_CLOEXEC`.
    ///
    /// Call once, early: a second call finds the environment gone and returns an empty set.
    /// Returns an empty set when not socket-activated, when `$LISTEN_PID` names another process,
    /// or on error.
    public static func take() -> ListenedSockets {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        let count = sd_listen_fds_with_names(1, &names)
        defer {
            if let names {
                var index = 0
                while let name = names[index] {
                    free(name)
                    index += 1
                }
                free(names)
            }
        }
        guard count > 0 else { return ListenedSockets([]) }
        var entries: [(name: String, fd: Int32)] = []
        entries.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let name = names?[index].map { String(cString: $0) } ?? "unknown"
            entries.append((name: name, fd: Int32(SD_LISTEN_FDS_START) + Int32(index)))
        }
        return ListenedSockets(entries)
    }

    /// The descriptors whose name is `name`, in the order passed; empty when none.
    public func descriptors(named name: String) -> [Int32] {
        all.filter { $0.name == name }.map(\.fd)
    }

    /// `true` when no descriptors were passed.
    public var isEmpty: Bool { all.isEmpty }
}
