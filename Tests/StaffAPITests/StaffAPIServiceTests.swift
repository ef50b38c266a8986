import Daemon
import Foundation
import Logging
import NIOPosix
import StaffAPI
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The staff API's own listener on loopback: what Hummingbird's `Application` would add (Date,
/// Server, request id) and a graceful stop.
@Suite struct StaffAPIServiceTests {
    @Test("the API listener answers on its own port with Date, Server and X-Request-Id, and stops gracefully")
    func listenerServesAndStops() async throws {
        let harness = try await StaffAPIHarness()
        let service = try await StaffAPIService.bind(
            .address(host: "127.0.0.1", port: 0), api: harness.api,
            configuration: .init(shutdownGracePeriod: .seconds(2)), logger: Logger(label: "test.api"))
        let port = try #require(service.localPort)
        let running = Task { try await service.run() }
        let answer = try await LoopbackHTTP.offPool {
            try LoopbackHTTP.get("/api/v1/openapi.json", port: port)
        }
        let lines = answer.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.first == "HTTP/1.1 200 OK")
        let headers = Set(lines.map { $0.lowercased().split(separator: ":").first.map(String.init) ?? "" })
        #expect(headers.contains("date"))
        #expect(headers.contains("x-request-id"))
        #expect(answer.lowercased().contains("server: twowayd"))
        #expect(answer.contains(#""openapi""#))

        let refused = try await LoopbackHTTP.offPool { try LoopbackHTTP.get("/api/v1/session", port: port) }
        #expect(refused.hasPrefix("HTTP/1.1 401"))
        #expect(refused.contains("auth.not_signed_in"))

        service.beginShutdown()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await running.value }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                Issue.record("the listener did not stop within 10 s")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

extension StaffAPIServiceTests {
    @Test("the API listener has the webhook listener's protections: a slow request head gets 408 and is closed")
    func slowHeadIsClosed() async throws {
        let harness = try await StaffAPIHarness()
        let service = try await StaffAPIService.bind(
            .address(host: "127.0.0.1", port: 0), api: harness.api,
            configuration: .init(shutdownGracePeriod: .seconds(1), headerTimeout: .milliseconds(300)),
            logger: Logger(label: "test.api"))
        let port = try #require(service.localPort)
        let running = Task { try await service.run() }
        let started = ContinuousClock.now
        let answer = try await LoopbackHTTP.offPool {
            try LoopbackHTTP.exchange("GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0", port: port)
        }
        let waited = ContinuousClock.now - started
        #expect(answer.hasPrefix("HTTP/1.1 408"))
        #expect(waited >= .milliseconds(250) && waited < .seconds(4))
        service.beginShutdown()
        try await running.value
    }
}

extension StaffAPIServiceTests {
    @Test("pipelined requests on one connection are each answered, in order")
    func pipelinedRequests() async throws {
        let harness = try await StaffAPIHarness()
        let service = try await StaffAPIService.bind(
            .address(host: "127.0.0.1", port: 0), api: harness.api,
            configuration: .init(shutdownGracePeriod: .seconds(1), idleTimeout: .milliseconds(300)),
            logger: Logger(label: "test.api"))
        let port = try #require(service.localPort)
        let running = Task { try await service.run() }
        let answer = try await LoopbackHTTP.offPool {
            try LoopbackHTTP.exchange(
                "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
        }
        // The second status line follows the first body directly (no line break after a body).
        let statuses = answer.matches(of: /HTTP\/1\.1 [0-9]{3}/).map { String(answer[$0.range]) }
        #expect(statuses == ["HTTP/1.1 200", "HTTP/1.1 401"])
        service.beginShutdown()
        try await running.value
    }
}

/// One HTTP/1.1 request over a blocking loopback socket, with a 5 s receive timeout.
enum LoopbackHTTP {
    struct Failure: Error { var step: String }

    /// Runs the blocking `body` on NIO's thread pool: blocking in the cooperative pool (two
    /// threads on two cores) would starve the very server the request waits for.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    static func get(_ path: String, port: Int) throws -> String {
        try exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port)
    }

    /// Sends `raw` and reads until the server closes the connection (or 5 s pass).
    static func exchange(_ raw: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(step: "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(step: "connect") }
        let request = Array(raw.utf8)
        guard send(fd, request, request.count, 0) == request.count else { throw Failure(step: "send") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while received.count < 1_000_000 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
