import CarrierTestKit
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// Issue 11, defect 6: an installed `twowayd` is the binary alone, in a place of its own, and
    /// under systemd (`ProtectHome=yes`) it cannot see the build folder it was built in. It must
    /// still check a minimal configuration and start with the built-in content policy.
    ///
    /// The test copies the built binary alone into a temporary folder and runs the copy in a
    /// private mount namespace in which the build folder is covered by an empty file system, as
    /// the service's sandbox hides `/root` (`unshare`; needs root, as `make test` runs. Without
    /// root the copy runs with the build folder visible, which checks less).
    @Suite("twowayd binary: runs alone, away from its build folder (issue 11, defect 6)")
    struct InstalledBinary {
        typealias Support = IntegrationSupport

        @Test("issue 11 defect 6: a lone copy checks {} and starts without contentPolicyFile, answering /health")
        func runsWithoutTheBuildFolder() async throws {
            let (found, searched) = DaemonBinaries.locate()
            let binaries = try #require(found, "twowayd and twowayctl are not built in \(searched); run swift build --build-tests")
            let directory = try Support.temporaryDirectory("twowayd-alone")
            defer { try? FileManager.default.removeItem(at: directory) }
            let installed = directory.appendingPathComponent("bin/twowayd").path
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("bin"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: binaries.twowayd.path, toPath: installed)

            let buildFolder = binaries.twowayd.deletingLastPathComponent().path
            let launcher = try await Self.launcher(hiding: buildFolder)
            if let launcher {
                // The build folder really is out of sight for the program.
                let look = try await ProgramRun.run(
                    launcher.executable, launcher.arguments + ["/bin/sh", "-c", #"test ! -e "$0/twowayd""#, buildFolder])
                #expect(look.status == 0 && !look.signalled, "the build folder is still visible: \(look.output)")
            }

            let minimal = directory.appendingPathComponent("minimal.json").path
            try Data("{}\n".utf8).write(to: URL(fileURLWithPath: minimal))
            let check = try await Self.run(launcher, installed, ["--check-config", "--config", minimal])
            #expect(check.status == 0 && !check.signalled, "--check-config on {}: \(check.output)")
            #expect(check.standardOutput == "configuration OK (\(minimal))\n")

            // Start it: no contentPolicyFile, so the built-in policy; own port, socket and state.
            let port = try await FakeCarrierServer.closedPort()
            let config = directory.appendingPathComponent("twowayd.json").path
            try Data("""
                {"http": {"host": "127.0.0.1", "port": \(port)},
                 "control": {"socketPath": "\(directory.appendingPathComponent("control.sock").path)"},
                 "stateDirectory": "\(directory.appendingPathComponent("state").path)"}
                """.utf8).write(to: URL(fileURLWithPath: config))
            let log = directory.appendingPathComponent("daemon.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            defer { try? output.close() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: launcher?.executable ?? installed)
            process.arguments = (launcher.map { $0.arguments + [installed] } ?? []) + ["--config", config]
            process.environment = DaemonBinaries.environment
            process.standardOutput = output
            process.standardError = output
            try process.run()
            var healthy = false
            do {
                healthy = try await Support.eventually(timeout: .seconds(15)) {
                    guard process.isRunning else { return true }
                    return try await Self.health(port: port) == 200
                }
                healthy = healthy && process.isRunning
            } catch {
                Issue.record("GET /health: \(error)")
            }
            let logText = { (try? String(contentsOf: log, encoding: .utf8)) ?? "(no log)" }
            #expect(healthy, "the copied daemon did not answer /health; log:\n\(logText())")
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            try await ProgramRun.waitForExit(process, timeout: .seconds(10))
            #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                    "a clean stop; log:\n\(logText())")
        }

        /// How to run a program with `folder` hidden: `unshare` into a private mount namespace,
        /// mount an empty tmpfs over `folder`, then exec the program. Nil when that is not
        /// possible here (not root, or no `unshare`).
        static func launcher(hiding folder: String) async throws -> (executable: String, arguments: [String])? {
            guard geteuid() == 0,
                  let unshare = ["/usr/bin/unshare", "/bin/unshare"].first(where: FileManager.default.isExecutableFile)
            else { return nil }
            let launcher = (unshare, [
                "--mount", "--propagation", "private", "/bin/sh", "-c",
                #"mount -t tmpfs -o size=1m,mode=0755 tmpfs "$0" && exec "$@""#, folder,
            ])
            let probe = try await ProgramRun.run(launcher.0, launcher.1 + ["/bin/true"])
            return probe.status == 0 && !probe.signalled ? launcher : nil
        }

        /// Runs `program ARGS` to its end, through `launcher` when there is one.
        static func run(
            _ launcher: (executable: String, arguments: [String])?, _ program: String, _ arguments: [String]
        ) async throws -> ProgramRun {
            guard let launcher else { return try await ProgramRun.run(program, arguments) }
            return try await ProgramRun.run(launcher.executable, launcher.arguments + [program] + arguments)
        }

        /// The status of `GET /health` on 127.0.0.1:`port`; 0 when nothing answered.
        static func health(port: Int) async throws -> Int {
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/health")))
            request.timeoutInterval = 2
            guard let (_, response) = try? await URLSession.shared.data(for: request) else { return 0 }
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
    }
}
