import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// Issue 11, defect 2: two daemons on one state directory both sent the outbox. The second
    /// now refuses to start and names the first; a `kill -9` of the first frees the directory.
    @Suite("twowayd binary: one daemon per state directory")
    struct StateDirectoryLock {
        /// The pid the lock file of `state` names.
        static func holder(_ state: URL) throws -> Int32? {
            let text = try String(contentsOf: state.appendingPathComponent("twowayd.lock"), encoding: .utf8)
            return text.split(separator: "\n").first { $0.hasPrefix("pid=") }.flatMap { Int32($0.dropFirst(4)) }
        }

        /// The command line of process `pid`, arguments separated by spaces.
        static func commandLine(_ pid: Int32) -> String {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        }

        /// `twowayd --check-config --config CONFIG`'s exit status.
        static func checkConfig(_ binaries: DaemonBinaries, config: String) async throws -> Int32 {
            let executable = binaries.twowayd
            return try await DaemonBinaries.blocking {
                let process = Process()
                process.executableURL = executable
                process.arguments = ["--check-config", "--config", config]
                process.environment = DaemonBinaries.environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                return process.terminationStatus
            }
        }

        @Test("issue 11: a second twowayd on the same state directory refuses to start, naming the first; after kill -9 of the first it starts")
        func secondDaemonRefused() async throws {
            let binaries = try SandboxDaemon.builtBinaries()
            let directory = try IntegrationSupport.temporaryDirectory("twowayd-lock")
            defer { try? FileManager.default.removeItem(at: directory) }
            let state = directory.appendingPathComponent("state")
            let first = try await SandboxDaemon(binaries, name: "first", directory: directory, stateDirectory: state)
            let second = try await SandboxDaemon(binaries, name: "second", directory: directory, stateDirectory: state)

            let running = try await first.startReady()
            do {
                let pid = try #require(try Self.holder(state), "the lock file should name the first daemon")
                #expect(Self.commandLine(pid).contains(first.config), "pid \(pid): \(Self.commandLine(pid))")
                // Checking a configuration never takes the lock.
                #expect(try await Self.checkConfig(binaries, config: second.config) == 0)

                let refused = try second.start()
                let status = try await SandboxDaemon.exitStatus(of: refused)
                #expect(status == 1, "the second daemon should exit with 1; log:\n\(refused.logTail())")
                let log = refused.logTail()
                #expect(log.contains("startup.state_locked"), "\(log)")
                #expect(log.contains("Another twowayd (pid \(pid)"), "\(log)")
                #expect(log.contains(state.path), "\(log)")
                #expect(try await first.ctl(["status"]).status == 0, "the first daemon keeps running")
                #expect(try Self.holder(state) == pid)

                // The crash frees the directory: the kernel drops the lock with the process.
                #expect(try await running.stop(SIGKILL) == SIGKILL)
                let next = try await second.startReady()
                #expect(try Self.holder(state).map { $0 != pid } == true)
                #expect(try await next.stop(SIGTERM) == 0, "a clean stop; log:\n\(next.logTail())")
            } catch {
                _ = try? await running.stop(SIGKILL)
                throw error
            }
            _ = try? await running.stop(SIGKILL)
        }
    }
}
