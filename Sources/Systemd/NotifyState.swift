/// One assignment in an `sd_notify(3)` message to the service manager.
///
/// A message is a list of states; ``SystemdNotifier/encode(_:monotonicMicroseconds:)`` turns it
/// into the newline-separated `KEY=value` text that systemd reads.
public enum NotifyState: Sendable, Hashable {
    /// `READY=1`: start-up (or a reload) has finished; with `Type=notify` this ends "activating".
    case ready
    /// `RELOADING=1` followed by `MONOTONIC_USEC=<now>`: a configuration reload has begun.
    /// Send ``ready`` when it has finished, whether it succeeded or not.
    case reloading
    /// `STOPPING=1`: the service has begun shutting down.
    case stopping
    /// `WATCHDOG=1`: keep-alive ping for `WatchdogSec=`.
    case watchdog
    /// `STATUS=<text>`: a one-line status shown by `systemctl status` and `StatusText`.
    /// Newlines in the text are replaced by spaces when encoded.
    case status(String)
    /// `MAINPID=<pid>`: the main process of the service, if not the sender.
    case mainPID(Int32)
    /// `EXTEND_TIMEOUT_USEC=<microseconds>`: the current phase (start-up, here) may take this much
    /// longer from now than its configured timeout, e.g. while a database is upgraded.
    case extendTimeout(microseconds: UInt64)
}
