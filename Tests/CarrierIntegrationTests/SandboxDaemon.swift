import CarrierTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A `twowayd` configuration with the sandbox carrier for tests that run the real binary: its
/// own loopback port, control socket and log in `directory`, on `stateDirectory` (which two
/// configurations may share).
struct SandboxDaemon {
    let binaries: DaemonBinaries
    let config: String
    let socket: String
    let log: URL

    /// The built binaries; fails the test when they are not built.
    static func builtBinaries(sourceLocation: SourceLocation = #_sourceLocation) throws -> DaemonBinaries {
        let (found, searched) = DaemonBinaries.locate()
        return try #require(found, "twowayd and twowayctl are not built in \(searched); run swift build --build-tests",
                            sourceLocation: sourceLocation)
    }

    /// Writes `NAME.json` into `directory`, with a free port.
    init(_ binaries: DaemonBinaries, name: String, directory: URL, stateDirectory: URL) async throws {
        self.binaries = binaries
        config = directory.appendingPathComponent("\(name).json").path
        socket = directory.appendingPathComponent("\(name).sock").path
        log = directory.appendingPathComponent("\(name).log")
        let port = try await FakeCarrierServer.closedPort()
        try Data("""
            {"logLevel": "info",
             "http": {"host": "127.0.0.1", "port": \(port)},
             "control": {"socketPath": "\(socket)", "allowedUsers": ["\(IntegrationSupport.userName)"], "allowedGroups": []},
             "stateDirectory": "\(stateDirectory.path)",
             "carrier": {"kind": "sandbox"},
             "outbox": {"segmentsPerSecond": 50}}
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    /// Starts `twowayd --config CONFIG`.
    func start() throws -> DaemonProcess {
        try DaemonProcess(binaries, config: config, log: log)
    }

    /// Starts the daemon and waits until its control socket answers `status` (at most 15 s).
    func startReady() async throws -> DaemonProcess {
        let daemon = try start()
        let deadline = ContinuousClock.now.advanced(by: .seconds(15))
        while ContinuousClock.now < deadline, daemon.isRunning {
            if try await ctl(["status"]).status == 0 { return daemon }
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = try? await daemon.stop(SIGKILL)
        throw HarnessError(message: "twowayd did not answer on \(socket); log:\n\(daemon.logTail())")
    }

    /// `twowayctl ARGS` against this daemon's control socket.
    func ctl(_ arguments: [String]) async throws -> (status: Int32, json: [String: Any]) {
        try await binaries.ctl(arguments, socket: socket)
    }

    /// Waits up to `timeout` for `daemon` to exit by itself; its exit status, or nil (and the
    /// daemon killed) when it was still running.
    static func exitStatus(of daemon: DaemonProcess, timeout: Duration = .seconds(15)) async throws -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while daemon.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let running = daemon.isRunning
        let status = try await daemon.stop(SIGKILL)
        return running ? nil : status
    }
}
