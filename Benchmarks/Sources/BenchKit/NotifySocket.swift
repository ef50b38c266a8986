import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The service manager's side of `sd_notify(3)`: a Unix datagram socket whose path is given to
/// the daemon as `NOTIFY_SOCKET`. Reads happen only when asked (the kernel keeps the datagrams
/// meanwhile), with a timeout, so nothing here runs in the background.
public final class NotifySocket {
    /// One datagram and when it was read.
    public struct Message: Sendable {
        public let text: String
        public let receivedAt: ContinuousClock.Instant

        /// The `KEY=value` lines of the datagram as a dictionary.
        public var fields: [String: String] {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            return fields
        }
    }

    public let path: String
    private let descriptor: Int32
    /// The latest `STATUS=` text received.
    public private(set) var latestStatus: String?

    /// Binds a new socket at `path` (a stale file there is removed first).
    public init(path: String) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { throw BenchError("notify socket path too long: \(path)") }
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw BenchError("socket(AF_UNIX, SOCK_DGRAM) failed: \(String(cString: strerror(errno)))") }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
            bytes[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw BenchError("cannot bind the notify socket \(path): \(reason)")
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    public func receive(timeout: Duration) -> Message? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: max(0, timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        guard poll(&poller, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        guard count > 0 else { return nil }
        let message = Message(text: String(decoding: buffer[0..<count], as: UTF8.self), receivedAt: .now)
        if let status = message.fields["STATUS"] { latestStatus = status }
        return message
    }

    /// Reads datagrams until one satisfies `predicate` or `timeout` passes.
    public func wait(timeout: Duration, until predicate: (Message) -> Bool) -> Message? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let message = receive(timeout: min(deadline - .now, .milliseconds(200))) else { continue }
            if predicate(message) { return message }
        }
        return nil
    }

    /// Reads the datagrams already waiting, at most 10,000 (updating ``latestStatus``).
    public func drain() {
        for _ in 0..<10_000 {
            if receive(timeout: .zero) == nil { return }
        }
    }
}
