import Foundation
import LoadKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One `twowayd` started the way systemd would start it: `NOTIFY_SOCKET` set, configuration
/// from a file, state in a directory of the benchmark's, standard output and error into a log
/// file. Measures the time from spawn to `READY=1`.
public final class DaemonProcess {
    public let pid: Int32
    public let port: Int
    public let stateDirectory: String
    public let workDirectory: String
    public let logPath: String
    public let configPath: String
    public let controlSocketPath: String
    public let notify: NotifySocket
    /// Just before `posix_spawn`.
    public let spawnedAt: ContinuousClock.Instant
    private var exitStatus: Int32?

    /// Starts `binary` with its state in `stateDirectory`; `workDirectory` receives the
    /// configuration file, the notify and control sockets and the log (`name.log`).
    public init(
        binary: String, stateDirectory: String, workDirectory: String, name: String = "twowayd",
        port: Int? = nil, settings: DaemonSettings = DaemonSettings(), authToken: String? = nil
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("no daemon binary at \(binary); run `swift build -c release --product twowayd` in the repository")
        }
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let port = try port ?? FreePort.pick()
        self.port = port
        self.stateDirectory = stateDirectory
        self.workDirectory = workDirectory
        logPath = "\(workDirectory)/\(name).log"
        configPath = "\(workDirectory)/\(name).json"
        controlSocketPath = "\(workDirectory)/\(name).control.sock"
        try settings.json(port: port, controlSocketPath: controlSocketPath)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        if let authToken {
            let credentials = "\(workDirectory)/credentials"
            try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
            try authToken.write(toFile: "\(credentials)/twilio-auth-token", atomically: true, encoding: .utf8)
        }
        notify = try NotifySocket(path: "\(workDirectory)/\(name).notify.sock")

        var environment = [
            "NOTIFY_SOCKET=\(notify.path)",
            "TWOWAYD_STATE_DIRECTORY=\(stateDirectory)",
            "TWOWAYD_HTTP_PORT=\(port)",
            "PATH=/usr/bin:/bin",
        ]
        if let home = ProcessInfo.processInfo.environment["HOME"] { environment.append("HOME=\(home)") }
        let arguments = [binary, "--config", configPath]
        spawnedAt = .now
        pid = try Self.spawn(arguments, environment: environment, log: logPath)
        ChildProcesses.register(pid)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = reap(timeout: .seconds(5))
        }
    }

    // MARK: - Readiness and state

    /// Waits for `READY=1`; returns the time from spawn to its arrival.
    ///
    /// - Throws: when the daemon exits first or `timeout` passes (with the log's last lines).
    @discardableResult
    public func waitReady(timeout: Duration = .seconds(30)) throws -> Duration {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let message = notify.receive(timeout: .milliseconds(50)), message.fields["READY"] == "1" {
                return message.receivedAt - spawnedAt
            }
            if let status = reap(timeout: .zero) {
                throw BenchError("twowayd exited with status \(status) before READY=1:\n\(logTail())")
            }
        }
        throw BenchError("no READY=1 from twowayd within \(timeout):\n\(logTail())")
    }

    /// The latest status line (`ready: N practices, M live sessions, K queued outbound`).
    public func status() -> String? {
        notify.drain()
        return notify.latestStatus
    }

    /// Live sessions according to the latest status line (refreshed every 5 s by the daemon).
    public func liveSessions() -> Int? {
        guard let status = status(), let range = status.range(of: " live session") else { return nil }
        let prefix = status[..<range.lowerBound]
        return Int(prefix.split(separator: " ").last ?? "")
    }

    public func memory() -> MemoryReading? {
        MemoryReading.of(pid: pid)
    }

    /// CPU seconds used so far.
    public func cpuSeconds() -> Double? {
        ProcessCPU.of(pid: pid)?.seconds
    }

    /// Rewrites the configuration file and sends SIGHUP (`systemctl reload`).
    public func reload(_ settings: DaemonSettings) throws {
        try settings.json(port: port, controlSocketPath: controlSocketPath)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        guard kill(pid, SIGHUP) == 0 else { throw BenchError("cannot send SIGHUP to \(pid)") }
    }

    // MARK: - Stopping

    /// SIGTERM, then SIGKILL after `timeout`; returns the wait status.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) -> Int32 {
        if let status = exitStatus { return status }
        kill(pid, SIGTERM)
        if let status = reap(timeout: timeout) { return status }
        kill(pid, SIGKILL)
        return reap(timeout: .seconds(10)) ?? -1
    }

    /// `kill -9`, and waits until the process is gone.
    public func kill9() {
        guard exitStatus == nil else { return }
        kill(pid, SIGKILL)
        _ = reap(timeout: .seconds(10))
    }

    /// Whether the process exited cleanly (status 0) once stopped.
    public var exitedCleanly: Bool {
        guard let status = exitStatus else { return false }
        return status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }

    /// The wait status once reaped within `timeout`, else nil.
    private func reap(timeout: Duration) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = ContinuousClock.now + timeout
        repeat {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                exitStatus = result == pid ? status : -1
                ChildProcesses.unregister(pid)
                return exitStatus
            }
            if timeout > .zero { usleep(5_000) }
        } while ContinuousClock.now < deadline
        return nil
    }

    /// The last `lines` lines of the daemon's log.
    public func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    // MARK: - Spawning

    /// Starts `arguments[0]` with `environment`, standard input from /dev/null and standard output
    /// and error appended to the file `log`; its pid (the caller waits for it).
    public static func spawn(_ arguments: [String], environment: [String], log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw BenchError("posix_spawn \(arguments[0]) failed: \(String(cString: strerror(result)))") }
        return pid
    }
}
