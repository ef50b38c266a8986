import CarrierTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// Issue 11: `twowayctl reload` exited 0 when the daemon refused the new configuration, so a
    /// script could not tell. Through the real programs: a good reload exits 0, a refused one
    /// exits non-zero and prints the daemon's reason.
    @Suite("twowayctl reload: a refused reload exits non-zero (issue 11)")
    struct ReloadRefusalExit {
        typealias Support = IntegrationSupport

        @Test("issue 11: twowayctl reload exits 0 when applied, 1 with the daemon's reason when refused")
        func refusedReloadFails() async throws {
            let (found, searched) = DaemonBinaries.locate()
            let binaries = try #require(found, "twowayd and twowayctl are not built in \(searched); run swift build --build-tests")
            let directory = try Support.temporaryDirectory("twowayd-reload")
            defer { try? FileManager.default.removeItem(at: directory) }
            let socket = directory.appendingPathComponent("control.sock").path
            let config = directory.appendingPathComponent("twowayd.json").path
            let port = try await FakeCarrierServer.closedPort()
            let good = """
                {"http": {"host": "127.0.0.1", "port": \(port)},
                 "control": {"socketPath": "\(socket)", "allowedUsers": ["\(Support.userName)"], "allowedGroups": []},
                 "stateDirectory": "\(directory.appendingPathComponent("state").path)"}
                """
            try Data(good.utf8).write(to: URL(fileURLWithPath: config))
            let daemon = try DaemonProcess(binaries, config: config, log: directory.appendingPathComponent("daemon.log"))
            do {
                let ready = try await Support.eventually(timeout: .seconds(15)) {
                    guard daemon.isRunning else { return true }
                    return try await binaries.ctl(["status"], socket: socket).status == 0
                }
                #expect(ready && daemon.isRunning, "twowayd did not answer on \(socket); log:\n\(daemon.logTail())")

                let applied = try await ctl(binaries, ["reload", "--socket", socket])
                #expect(applied.status == 0 && !applied.signalled, "a good reload: \(applied.output)")
                #expect(applied.standardOutput.hasPrefix("configuration reloaded"), "\(applied.output)")

                // The same file with a port the daemon cannot read: refused, the old one stays.
                try Data(good.replacingOccurrences(of: "\"port\": \(port)", with: "\"port\": \"80a\"").utf8)
                    .write(to: URL(fileURLWithPath: config))
                let refused = try await ctl(binaries, ["reload", "--socket", socket])
                #expect(refused.status == 1 && !refused.signalled, "a refused reload: \(refused.output)")
                #expect(refused.standardOutput.isEmpty)
                #expect(refused.standardError.hasPrefix("twowayctl: configuration refused"), "\(refused.output)")
                #expect(refused.standardError.contains(#"http.port: expected a whole number 1-65535, found "80a""#),
                        "\(refused.output)")

                let refusedJSON = try await ctl(binaries, ["reload", "--socket", socket, "--json"])
                #expect(refusedJSON.status == 1, "a refused reload with --json: \(refusedJSON.output)")
                let object = try JSONSerialization.jsonObject(with: Data(refusedJSON.standardOutput.utf8)) as? [String: Any]
                #expect(object?["reloaded"] as? Bool == false, "\(refusedJSON.output)")

                // The daemon still runs on the configuration it had.
                #expect(try await binaries.ctl(["status"], socket: socket).status == 0)
                let stopped = try await daemon.stop(SIGTERM)
                #expect(stopped == 0, "a clean stop; log:\n\(daemon.logTail())")
            } catch {
                _ = try? await daemon.stop(SIGKILL)
                Issue.record("daemon log:\n\(daemon.logTail())")
                throw error
            }
        }

        private func ctl(_ binaries: DaemonBinaries, _ arguments: [String]) async throws -> ProgramRun {
            try await ProgramRun.run(binaries.twowayctl.path, arguments)
        }
    }
}
