import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Talks to the service manager through `$NOTIFY_SOCKET` (`sd_notify(3)`) and reads the watchdog
/// settings systemd passes in the environment (`sd_watchdog_enabled(3)`).
///
/// All members are static and safe to call from any thread; when the process is not run by
/// systemd they are no-ops (``notify(_:)`` returns `false`, ``watchdogInterval()`` returns `nil`).
public struct SystemdNotifier: Sendable {
    /// Sends `states` as one datagram to the service manager via `sd_notify(0, …)`, leaving
    /// `$NOTIFY_SOCKET` in the environment so later calls still reach it.
    ///
    /// `.reloading` is stamped with the current `CLOCK_MONOTONIC` time as systemd requires.
    ///
    /// - Returns: `true` when the message was sent; `false` when `$NOTIFY_SOCKET` is unset (not
    ///   running under systemd, or `NotifyAccess=` denies us) or sending failed. An empty
    ///   `states` sends nothing and returns `false`.
    @discardableResult
    public static func notify(_ states: [NotifyState]) -> Bool {
        guard !states.isEmpty else { return false }
        let message = encode(states, monotonicMicroseconds: monotonicMicroseconds())
        return sd_notify(0, message) > 0
    }

    /// The `sd_notify` text for `states`: one `KEY=value` line per state, joined by `\n`
    /// (no trailing newline), in the given order.
    ///
    /// - `.ready` → `READY=1`
    /// - `.reloading` → `RELOADING=1` then `MONOTONIC_USEC=<monotonicMicroseconds>`
    /// - `.stopping` → `STOPPING=1`
    /// - `.watchdog` → `WATCHDOG=1`
    /// - `.status(text)` → `STATUS=<text>` with every newline character replaced by a space
    /// - `.mainPID(pid)` → `MAINPID=<pid>`
    /// - `.extendTimeout(microseconds:)` → `EXTEND_TIMEOUT_USEC=<microseconds>`
    ///
    /// Pure: the clock value is a parameter so tests can pin it.
    public static func encode(_ states: [NotifyState], monotonicMicroseconds: UInt64) -> String {
        var lines: [String] = []
        lines.reserveCapacity(states.count + 1)
        for state in states {
            switch state {
            case .ready:
                lines.append("READY=1")
            case .reloading:
                lines.append("RELOADING=1")
                lines.append("MONOTONIC_USEC=\(monotonicMicroseconds)")
            case .stopping:
                lines.append("STOPPING=1")
            case .watchdog:
                lines.append("WATCHDOG=1")
            case .status(let text):
                let oneLine = String(text.map { $0.isNewline ? " " : $0 })
                lines.append("STATUS=\(oneLine)")
            case .mainPID(let pid):
                lines.append("MAINPID=\(pid)")
            case .extendTimeout(let microseconds):
                lines.append("EXTEND_TIMEOUT_USEC=\(microseconds)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The current `CLOCK_MONOTONIC` time in microseconds, the clock systemd uses for
    /// `MONOTONIC_USEC=`.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        // CLOCK_MONOTONIC cannot fail with a valid pointer; on the impossible error report 0.
        guard clock_gettime(CLOCK_MONOTONIC, &now) == 0 else { return 0 }
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// The watchdog timeout systemd expects pings within (`WatchdogSec=`), or `nil` when the
    /// watchdog is off for this process (`$WATCHDOG_USEC` unset, zero, invalid, or
    /// `$WATCHDOG_PID` naming another process).
    ///
    /// Send ``NotifyState/watchdog`` at least every half of this interval. The environment is
    /// left in place, so the answer is the same on every call.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }
}
