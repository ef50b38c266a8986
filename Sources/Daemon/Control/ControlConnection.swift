import Synchronization

/// One client's connection to the control socket: who is on the other end, and the parts of
/// a directory import sent so far (`directory.import` with `more`). Requests of one connection
/// are answered one at a time, in order.
public final class ControlConnection: Sendable {
    /// The connecting process, from `SO_PEERCRED`; nil when driven without a socket (tests).
    public let peer: PeerCredentials?
    private let staged = Mutex("")

    /// The most a connection may stage for one import, in bytes (64 MiB).
    static let maxStagedBytes = 64 * 1_048_576

    public init(peer: PeerCredentials? = nil) {
        self.peer = peer
    }

    /// Adds a part; returns the bytes staged, or nil (and forgets the parts) when the total
    /// would pass ``maxStagedBytes``.
    func stage(_ part: String) -> Int? {
        staged.withLock { text in
            guard text.utf8.count + part.utf8.count <= Self.maxStagedBytes else {
                text = ""
                return nil
            }
            text += part
            return text.utf8.count
        }
    }

    /// The staged parts followed by `last`; the staging is emptied.
    func takeStaged(appending last: String) -> String {
        staged.withLock { text in
            defer { text = "" }
            return text + last
        }
    }
}
