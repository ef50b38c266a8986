import Control
import Daemon
import Dispatch
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The control server on a real Unix socket in a temporary path, talked to by the same client
/// `twowayctl` uses.
@Suite("Control socket")
struct ControlSocketTests {
    /// Runs blocking client code off the cooperative thread pool the server needs.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// A server with `access` on a fresh short path, running while `body` runs.
    static func withServer(
        access: ControlAccessPolicy, _ body: @escaping @Sendable (String) async throws -> Void
    ) async throws {
        let harness = try await ControlHarness()
        let path = "/tmp/twowayctl-test-\(UInt32.random(in: 0...UInt32.max)).sock"
        let server = try await ControlServer.bind(
            .path(path), handler: harness.handler, access: { access }, logger: Logger(label: "test.control"))
        let running = Task { try await server.run() }
        do {
            try await body(path)
        } catch {
            server.beginShutdown()
            try? await running.value
            throw error
        }
        // A graceful stop: connections finish their request and close, the file is removed.
        server.beginShutdown()
        try await running.value
        #expect(Glibc.access(path, F_OK) != 0)
    }

    /// Allows exactly the user running the tests.
    static let me = ControlAccessPolicy(allowedUsers: [String(getuid())], allowedGroups: [])

    @Test("The socket file is mode 0660 and requests round-trip in order")
    func roundTrip() async throws {
        try await Self.withServer(access: Self.me) { path in
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)
            let (status, list) = try await Self.blocking {
                let client = try ControlClient(socketPath: path)
                return (try client.send(StatusCommand()), try client.send(PracticeListCommand()))
            }
            #expect(status.carrier == "sandbox")
            #expect(list.practices.isEmpty)
        }
    }

    @Test("Garbage and a line over 1 MiB get errors; the same connection then works")
    func badLinesKeepTheConnection() async throws {
        try await Self.withServer(access: Self.me) { path in
            let answers = try await Self.blocking {
                let client = try ControlClient(socketPath: path)
                let garbage = try client.roundTrip(Data("not json at all".utf8))
                let huge = try client.roundTrip(Data(repeating: UInt8(ascii: "x"), count: ControlProtocol.maxRequestBytes + 10))
                let status = try client.send(StatusCommand())
                return (garbage, huge, status)
            }
            let decoder = ControlProtocol.makeDecoder()
            let garbage = try decoder.decode(ControlResponse<EmptyObject>.self, from: answers.0)
            #expect(garbage.error?.code == ControlErrorCode.malformedRequest)
            let huge = try decoder.decode(ControlResponse<EmptyObject>.self, from: answers.1)
            #expect(huge.error?.code == ControlErrorCode.requestTooLarge)
            #expect(answers.2.protocolVersion == ControlProtocol.version)
        }
    }

    @Test("D4: a user the configuration does not allow is refused and disconnected")
    func refusedPeer() async throws {
        let nobody = ControlAccessPolicy(allowedUsers: [], allowedGroups: [])
        try await Self.withServer(access: nobody) { path in
            let outcome = try await Self.blocking { () -> String in
                let client = try ControlClient(socketPath: path)
                do {
                    _ = try client.send(StatusCommand())
                    return "allowed"
                } catch let refusal as ControlErrorBody {
                    return refusal.code
                }
            }
            #expect(outcome == ControlErrorCode.forbidden)
        }
    }

    @Test("A second server refuses a path another one listens on")
    func socketInUse() async throws {
        try await Self.withServer(access: Self.me) { path in
            let harness = try await ControlHarness()
            await #expect(throws: (any Error).self) {
                _ = try await ControlServer.bind(.path(path), handler: harness.handler, access: { Self.me },
                                                 logger: Logger(label: "test.control"))
            }
        }
    }
}
