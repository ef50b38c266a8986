import Control
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `twowayctl` never hangs on a daemon that does not answer (issue 11, defect 1: it blocked for
/// more than 30 s with no timeout): ``ControlClient`` bounds connecting and each answer.
@Suite struct ControlClientTimeoutTests {
    /// A Unix socket that listens (backlog `backlog`) and never accepts or answers.
    final class SilentListener {
        let path: String
        let descriptor: Int32
        private var extra: [Int32] = []

        init(backlog: Int32) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(UUID().uuidString.prefix(8)).sock").path
            descriptor = try Self.socketAt(path, listen: backlog)
        }

        /// Fills the listen queue with connections nobody accepts.
        func fillBacklog(_ count: Int) {
            for _ in 0..<count {
                let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                var address = Self.address(path)
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(client, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
                extra.append(client)
            }
        }

        deinit {
            for fd in extra { close(fd) }
            close(descriptor)
            unlink(path)
        }

        static func address(_ path: String) -> sockaddr_un {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: Array(path.utf8))
            }
            return address
        }

        static func socketAt(_ path: String, listen backlog: Int32) throws -> Int32 {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = address(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(bound == 0)
            try #require(listen(fd, backlog) == 0)
            return fd
        }
    }

    @Test func aDaemonThatNeverAnswersIsReportedAfterTheTimeout() throws {
        let listener = try SilentListener(backlog: 16)
        let client = try ControlClient(socketPath: listener.path, timeout: .milliseconds(300))
        let start = ContinuousClock.now
        let error = #expect(throws: ControlClientError.self) { try client.send(StatusCommand()) }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(280))
        #expect(elapsed < .seconds(9))
        #expect(error?.message.contains("did not answer within 0.3 s") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("--timeout") == true)
    }

    @Test func aDaemonWhoseQueueIsFullIsReportedAfterTheTimeout() throws {
        let listener = try SilentListener(backlog: 0)
        listener.fillBacklog(4)
        let start = ContinuousClock.now
        let error = #expect(throws: ControlClientError.self) {
            _ = try ControlClient(socketPath: listener.path, timeout: .milliseconds(300))
        }
        #expect(ContinuousClock.now - start < .seconds(9))
        #expect(error?.message.contains("did not accept the connection within 0.3 s") == true, "\(error?.message ?? "")")
    }
}
