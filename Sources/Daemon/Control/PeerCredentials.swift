import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process at the other end of a Unix socket, as the kernel reports it (`SO_PEERCRED`):
/// the credentials it had when it connected, which it cannot forge.
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    /// The peer's effective group; supplementary groups are looked up by ``ControlAccessPolicy``.
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }

    /// Linux's `struct ucred` (not exported by Swift's Glibc module): `pid_t`, `uid_t`, `gid_t`,
    /// three 32-bit integers in this order without padding. Swift lays out a struct of three
    /// 32-bit integers the same way (12 bytes), which ``read(from:)`` checks before use.
    private struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// The credentials of the peer of an accepted Unix socket channel; nil when the channel
    /// cannot tell (not a Unix socket, or not Linux).
    static func read(from channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider,
              MemoryLayout<UCred>.size == 12, MemoryLayout<UCred>.offset(of: \UCred.gid) == 8
        else { return channel.eventLoop.makeSucceededFuture(nil) }
        let future: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return future
            .map { Optional(PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid)) }
            .recover { _ in nil }
        #else
        return channel.eventLoop.makeSucceededFuture(nil)
        #endif
    }
}
