import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The daemons a benchmark started, so an interrupted run (Ctrl-C, `timeout`) kills them
/// instead of leaving them running.
public enum ChildProcesses {
    private static let pids = Mutex<Set<Int32>>([])
    /// Keeps the signal sources alive. Written only by `installSignalHandlers()`, which runs
    /// once at start-up before any other task, so the unchecked access cannot race.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    public static func register(_ pid: Int32) {
        pids.withLock { _ = $0.insert(pid) }
    }

    public static func unregister(_ pid: Int32) {
        pids.withLock { _ = $0.remove(pid) }
    }

    /// SIGKILLs every registered process.
    public static func killAll() {
        for pid in pids.withLock({ $0 }) { kill(pid, SIGKILL) }
    }

    /// On SIGINT or SIGTERM: kill the children and exit with 128 + the signal.
    public static func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                killAll()
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
