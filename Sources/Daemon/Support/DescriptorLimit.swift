#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process's limit on open file descriptors.
enum DescriptorLimit {
    /// The soft `RLIMIT_NOFILE` (systemd's `LimitNOFILE=`), nil when unlimited or unknown.
    static func current() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        // RLIM_INFINITY is all ones, which no real limit reaches.
        guard limit.rlim_cur < rlim_t(Int32.max) else { return nil }
        return Int(limit.rlim_cur)
    }
}
