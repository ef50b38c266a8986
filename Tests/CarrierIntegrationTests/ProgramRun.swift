import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of a program to its end, its standard output and standard error kept apart in files
/// (no pipe to fill up), killed if it outlives a deadline.
struct ProgramRun: Sendable {
    /// The exit status, or the number of the signal that ended it.
    var status: Int32
    /// True when a signal ended it (a crash, or the kill at the deadline).
    var signalled: Bool
    var standardOutput: String
    var standardError: String

    /// Both outputs, for failure messages.
    var output: String { standardOutput + standardError }

    /// Runs `executable` with `arguments` in `environment` and waits for it, at most `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = DaemonBinaries.environment,
        timeout: Duration = .seconds(20)
    ) async throws -> ProgramRun {
        let directory = try IntegrationSupport.temporaryDirectory("twowayd-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("stdout")
        let errPath = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        let out = try FileHandle(forWritingTo: outPath)
        let err = try FileHandle(forWritingTo: errPath)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try await waitForExit(process, timeout: timeout)
        return ProgramRun(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            standardOutput: (try? String(contentsOf: outPath, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errPath, encoding: .utf8)) ?? "")
    }

    /// Waits until `process` has exited; after `timeout` kills it (SIGKILL) and waits for that.
    static func waitForExit(_ process: Process, timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try await DaemonBinaries.blocking { process.waitUntilExit() }
    }
}
