#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The listen backlog of a TCP socket systemd passed in (its unit's `Backlog=`), so the daemon
/// adopts the socket without changing its queue: NIO listens on an adopted socket again with its
/// default of 128.
enum ListenBacklog {
    /// The backlog `descriptor` listens with, or nil when it is not a listening TCP socket. Linux
    /// reports it for a listening socket as `tcpi_sacked` of `TCP_INFO` (what `ss -lt` shows as
    /// Send-Q).
    static func of(_ descriptor: Int32) -> Int32? {
        var info = tcp_info()
        var length = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0,
              Int(info.tcpi_state) == TCP_LISTEN, info.tcpi_sacked > 0
        else { return nil }
        return Int32(clamping: info.tcpi_sacked)
    }

    /// Listens on `descriptor` again with `backlog` (listening again only changes the backlog).
    static func restore(_ backlog: Int32, on descriptor: Int32) {
        _ = listen(descriptor, backlog)
    }
}
