import Foundation
import Testing
@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// A socket systemd passes in keeps its unit's `Backlog=` when the daemon adopts it (issue 16).
@Suite struct ListenBacklogTests {
    /// A loopback TCP socket listening with `backlog`, as systemd would pass it.
    static func listeningSocket(backlog: Int32) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        try #require(listen(fd, backlog) == 0)
        return fd
    }

    @Test("The backlog of a listening socket is read back; anything else has none")
    func readsBacklog() throws {
        let fd = try Self.listeningSocket(backlog: 777)
        defer { close(fd) }
        #expect(ListenBacklog.of(fd) == 777)
        let unbound = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unbound) }
        #expect(ListenBacklog.of(unbound) == nil)
        #expect(ListenBacklog.of(-1) == nil)
    }

    @Test("An adopted socket keeps its unit's backlog, larger or smaller than the daemon's default", arguments: [100, 3000] as [Int32])
    func adoptedKeepsBacklog(_ backlog: Int32) async throws {
        let fd = try Self.listeningSocket(backlog: backlog)
        let server = try await HTTPServer.bind(
            .adopted(descriptor: fd), configuration: .init(shutdownGracePeriod: .seconds(1)), logger: quietLogger,
            handler: { _ in .text(200, "ok\n") })
        let expected = min(backlog, Int32(Self.somaxconn))
        #expect(ListenBacklog.of(fd) == expected)
        server.beginShutdown()
        try await server.serve()
    }

    /// The kernel's cap on any backlog.
    static var somaxconn: Int {
        (try? String(contentsOfFile: "/proc/sys/net/core/somaxconn", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 4096
    }
}
