import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `twowayd` and `twowayctl` binaries, run as child processes of the test.
///
/// They are looked for next to the test bundle (`swift build --build-tests` builds every
/// product into the same directory), or in `$TWOWAYD_BIN_DIR`.
struct DaemonBinaries {
    let twowayd: URL
    let twowayctl: URL

    /// The binaries, or nil (with where they were looked for) when they are not built.
    static func locate() -> (binaries: DaemonBinaries?, searched: String) {
        var directory: String
        if let explicit = ProcessInfo.processInfo.environment["TWOWAYD_BIN_DIR"], !explicit.isEmpty {
            directory = explicit
        } else if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = (executable as NSString).deletingLastPathComponent
        } else {
            directory = Bundle.main.bundleURL.deletingLastPathComponent().path
        }
        // On some platforms the tests run from inside a bundle directory; its parent holds the products.
        if directory.hasSuffix(".xctest/Contents/MacOS") {
            directory = ((directory as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            directory = (directory as NSString).deletingLastPathComponent
        }
        let daemon = URL(fileURLWithPath: directory).appendingPathComponent("twowayd")
        let ctl = URL(fileURLWithPath: directory).appendingPathComponent("twowayctl")
        let manager = FileManager.default
        guard manager.isExecutableFile(atPath: daemon.path), manager.isExecutableFile(atPath: ctl.path) else {
            return (nil, directory)
        }
        return (DaemonBinaries(twowayd: daemon, twowayctl: ctl), directory)
    }

    /// The environment both programs get: nothing of systemd's, so the configuration file and
    /// its `credentials/` directory are all they read.
    static var environment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
        environment["HOME"] = inherited["HOME"]
        environment["USER"] = inherited["USER"]
        return environment
    }

    /// Runs `twowayctl ARGS --socket SOCKET --json` and returns its exit status and the JSON it
    /// printed (an object: the result, or the error with its `code`).
    func ctl(_ arguments: [String], socket: String) async throws -> (status: Int32, json: [String: Any]) {
        let executable = twowayctl
        let (status, output) = try await Self.blocking { () throws -> (Int32, Data) in
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments + ["--socket", socket, "--json"]
            process.environment = Self.environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        let object = (try? JSONSerialization.jsonObject(with: output)) as? [String: Any]
        return (status, object ?? ["unparsed": String(decoding: output, as: UTF8.self)])
    }

    /// Runs blocking work off the cooperative thread pool (the fake carrier needs it).
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// One running `twowayd`, its output appended to a log file.
final class DaemonProcess: Sendable {
    private let process: Process
    let log: URL

    /// Starts `twowayd --config CONFIG`.
    init(_ binaries: DaemonBinaries, config: String, log: URL) throws {
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let output = try FileHandle(forWritingTo: log)
        output.seekToEndOfFile()
        let process = Process()
        process.executableURL = binaries.twowayd
        process.arguments = ["--config", config]
        process.environment = DaemonBinaries.environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        self.log = log
    }

    var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGKILL: the crash; SIGTERM: a clean stop) and waits for the exit.
    /// Returns the exit status (or the signal number for a signal death).
    @discardableResult
    func stop(_ signal: Int32) async throws -> Int32 {
        let process = self.process
        if process.isRunning { kill(process.processIdentifier, signal) }
        return try await DaemonBinaries.blocking {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// The last lines of the log, for failure messages.
    func logTail(_ lines: Int = 30) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
