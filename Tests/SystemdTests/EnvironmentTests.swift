import Foundation
import Testing
import Systemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Tests that set process-wide environment variables (`NOTIFY_SOCKET`, `WATCHDOG_*`,
/// `LISTEN_*`, `JOURNAL_STREAM`); serialized so they never see each other's values.
@Suite(.serialized) struct EnvironmentTests {
    @Test func notifySendsReadyAndStatusToTheSocket() throws {
        let socket = try NotifySocket()
        defer { socket.remove() }
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }

        #expect(SystemdNotifier.notify([.ready, .status("x")]))
        #expect(try socket.receive() == "READY=1\nSTATUS=x")
        // sd_notify(0, …) leaves the variable for later calls.
        #expect(getenv("NOTIFY_SOCKET") != nil)
    }

    @Test func notifyReloadingCarriesNumericMonotonicTime() throws {
        let socket = try NotifySocket()
        defer { socket.remove() }
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }

        let before = SystemdNotifier.monotonicMicroseconds()
        #expect(SystemdNotifier.notify([.reloading]))
        let after = SystemdNotifier.monotonicMicroseconds()
        let lines = try socket.receive().split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { line -> UInt64? in
            guard line.hasPrefix("MONOTONIC_USEC=") else { return nil }
            return UInt64(line.dropFirst("MONOTONIC_USEC=".count))
        })
        #expect(stamp >= before && stamp <= after)
    }

    @Test func notifyWatchdogAndStopping() throws {
        let socket = try NotifySocket()
        defer { socket.remove() }
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }

        #expect(SystemdNotifier.notify([.watchdog]))
        #expect(try socket.receive() == "WATCHDOG=1")
        #expect(SystemdNotifier.notify([.stopping, .status("stopping")]))
        #expect(try socket.receive() == "STOPPING=1\nSTATUS=stopping")
    }

    @Test func notifyReturnsFalseWithoutNotifySocket() {
        unsetenv("NOTIFY_SOCKET")
        #expect(!SystemdNotifier.notify([.ready]))
        #expect(!SystemdNotifier.notify([]))
    }

    @Test func watchdogIntervalComesFromTheEnvironment() {
        unsetenv("WATCHDOG_USEC")
        unsetenv("WATCHDOG_PID")
        #expect(SystemdNotifier.watchdogInterval() == nil)

        setenv("WATCHDOG_USEC", "2000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        #expect(SystemdNotifier.watchdogInterval() == .seconds(2))
        // Not consumed: asking again gives the same answer.
        #expect(SystemdNotifier.watchdogInterval() == .seconds(2))

        // A watchdog meant for another process is not ours.
        setenv("WATCHDOG_PID", "\(getpid() + 1)", 1)
        #expect(SystemdNotifier.watchdogInterval() == nil)

        unsetenv("WATCHDOG_USEC")
        unsetenv("WATCHDOG_PID")
    }

    @Test func listenedSocketsForAnotherProcessAreIgnoredAndTheEnvironmentUnset() {
        setenv("LISTEN_PID", "\(getpid() + 1)", 1)
        setenv("LISTEN_FDS", "2", 1)
        setenv("LISTEN_FDNAMES", "http:control", 1)
        let sockets = ListenedSockets.take()
        #expect(sockets.isEmpty)
        #expect(sockets.descriptors(named: "http").isEmpty)
        #expect(getenv("LISTEN_PID") == nil)
        #expect(getenv("LISTEN_FDS") == nil)
        #expect(getenv("LISTEN_FDNAMES") == nil)
        #expect(ListenedSockets.take().isEmpty)
    }

    @Test func journalConnectionFollowsJournalStream() {
        unsetenv("JOURNAL_STREAM")
        #expect(!JournalLogHandler.isConnectedToJournal)

        var status = stat()
        #expect(fstat(2, &status) == 0)
        setenv("JOURNAL_STREAM", "\(status.st_dev):\(status.st_ino)", 1)
        #expect(JournalLogHandler.isConnectedToJournal)

        setenv("JOURNAL_STREAM", "\(status.st_dev):\(status.st_ino + 1)", 1)
        #expect(!JournalLogHandler.isConnectedToJournal)

        setenv("JOURNAL_STREAM", "garbage", 1)
        #expect(!JournalLogHandler.isConnectedToJournal)
        unsetenv("JOURNAL_STREAM")
    }
}

@Suite struct ListenedSocketsTests {
    @Test func descriptorsAreLookedUpByName() {
        let sockets = ListenedSockets([(name: "http", fd: 3), (name: "control", fd: 4), (name: "http", fd: 5)])
        #expect(sockets.descriptors(named: "http") == [3, 5])
        #expect(sockets.descriptors(named: "control") == [4])
        #expect(sockets.descriptors(named: "metrics").isEmpty)
        #expect(sockets.all.map(\.name) == ["http", "control", "http"])
        #expect(!sockets.isEmpty)
    }
}

/// An `AF_UNIX` datagram socket bound at a fresh temporary path, standing in for systemd's
/// notification socket.
private struct NotifySocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            close(fd)
            throw Failure(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw Failure(description: "bind \(path): errno \(errno)")
        }
        // Never block a test run forever: give up after two seconds.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram as text (waits at most two seconds).
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw Failure(description: "recv: errno \(errno)") }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Closes the socket and deletes its path.
    func remove() {
        close(fd)
        unlink(path)
    }
}
