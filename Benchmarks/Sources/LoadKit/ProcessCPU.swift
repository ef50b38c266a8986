#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// CPU time a process has used so far, from `/proc/PID/stat` (user + system).
public struct ProcessCPU: Sendable {
    public let seconds: Double

    /// This process.
    public static func ofSelf() -> ProcessCPU? {
        of(pid: getpid())
    }

    /// Process `pid`, nil when it does not exist (or `/proc` is unreadable).
    public static func of(pid: Int32) -> ProcessCPU? {
        guard let text = ProcFile.read("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15 (1-based).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessCPU(seconds: (user + system) / max(ticks, 1))
    }
}
