import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking client of the control socket: one connection, requests answered in order.
///
/// Used by `twowayctl` (one process, one connection) and by tests, which call it off the
/// cooperative thread pool. Not for concurrent use: one request at a time.
///
/// Every wait is bounded by ``timeout``: connecting (a daemon whose listen queue is full blocks
/// `connect`), sending, and each request's answer. A daemon that does not answer in time is a
/// ``ControlClientError`` saying so, never a hang.
public final class ControlClient {
    /// How long `twowayctl` waits for the daemon unless told otherwise.
    public static let defaultTimeout: Duration = .seconds(30)

    private let fd: Int32
    private let socketPath: String
    /// The longest wait for connecting, for sending a request, and for its answer.
    public let timeout: Duration
    private var nextID = 1
    private var pending: [UInt8] = []

    /// Connects to the daemon's socket at `socketPath`, waiting at most `timeout` (also the
    /// bound of every later request).
    public init(socketPath: String, timeout: Duration = ControlClient.defaultTimeout) throws(ControlClientError) {
        self.socketPath = socketPath
        self.timeout = timeout
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, path.count < capacity else {
            throw ControlClientError("The socket path \(socketPath) is empty or longer than \(capacity - 1) bytes.")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
            raw[path.count] = 0
        }
        #if canImport(Glibc) || canImport(Musl)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ControlClientError("Cannot create a socket: \(Self.lastError()).") }
        // Linux bounds a blocking `connect` on a Unix socket, and every `send`, by SO_SNDTIMEO.
        var sendTimeout = Self.socketTimeout(timeout)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let timedOut = errno == EAGAIN || errno == EWOULDBLOCK || errno == EINPROGRESS
            let reason = Self.lastError()
            _ = POSIX.close(descriptor)
            if timedOut { throw Self.notAnswering(socketPath, within: timeout, doing: "accept the connection") }
            throw ControlClientError(
                "Cannot connect to \(socketPath): \(reason). Is twowayd running, and may you use its control socket "
                    + "(control.allowedUsers / control.allowedGroups)?")
        }
        fd = descriptor
    }

    deinit { _ = POSIX.close(fd) }

    /// Sends `command` and returns its result, or throws the daemon's ``ControlErrorBody`` when
    /// it refused, or ``ControlClientError`` when the connection failed.
    public func send<Command: ControlCommand>(_ command: Command) throws -> Command.Result {
        let id = nextID
        nextID += 1
        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: id, command))
        let answer = try roundTrip(line)
        let response: ControlResponse<Command.Result>
        do {
            response = try ControlProtocol.makeDecoder().decode(ControlResponse<Command.Result>.self, from: answer)
        } catch {
            throw ControlClientError("The daemon's answer could not be read (\(error)); are twowayctl and twowayd the same version?")
        }
        if let failure = response.error, !response.ok { throw failure }
        guard response.ok, let result = response.result else {
            throw ControlClientError("The daemon answered without a result.")
        }
        return result
    }

    /// Writes one request line (a newline is added) and returns the next response line without
    /// its newline.
    /// When the daemon closed the connection before the line was written (it refuses peers it
    /// does not allow with one line, then closes), that line is still returned.
    public func roundTrip(_ line: Data) throws(ControlClientError) -> Data {
        do {
            try write(Array(line) + [UInt8(ascii: "\n")])
        } catch {
            if let answer = try? readLine() { return answer }
            throw error
        }
        return try readLine()
    }

    private func write(_ bytes: [UInt8]) throws(ControlClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                POSIX.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw Self.notAnswering(socketPath, within: timeout, doing: "take the request")
                }
                throw ControlClientError("Sending to the daemon failed: \(Self.lastError()).")
            }
            offset += sent
        }
    }

    private func readLine() throws(ControlClientError) -> Data {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            try waitReadable(until: deadline)
            let count = chunk.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ControlClientError("Reading from the daemon failed: \(Self.lastError()).")
            }
            if count == 0 { throw ControlClientError("The daemon closed the connection without an answer.") }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// Returns when the socket has something to read; throws when `deadline` passes first.
    private func waitReadable(until deadline: ContinuousClock.Instant) throws(ControlClientError) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw Self.notAnswering(socketPath, within: timeout, doing: "answer") }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw ControlClientError("Waiting for the daemon failed: \(Self.lastError()).")
            }
        }
    }

    /// The error for a daemon that did not do `what` within `timeout`.
    static func notAnswering(_ socketPath: String, within timeout: Duration, doing what: String) -> ControlClientError {
        ControlClientError(
            "twowayd did not \(what) within \(Self.describe(timeout)) on \(socketPath). It may be overloaded or "
                + "stuck: check `systemctl status twowayd` and `journalctl -u twowayd`, or wait longer with --timeout.")
    }

    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }

    static func socketTimeout(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        var value = timeval()
        value.tv_sec = Int(seconds)
        value.tv_usec = Int(attoseconds / 1_000_000_000_000)
        if value.tv_sec == 0 && value.tv_usec == 0 { value.tv_usec = 1 }  // zero would mean "no timeout"
        return value
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// The C library's socket calls, named apart from ``ControlClient``'s own `send`.
private enum POSIX {
    #if canImport(Glibc)
    static let close = Glibc.close
    static let send = Glibc.send
    static let read = Glibc.read
    #elseif canImport(Musl)
    static let close = Musl.close
    static let send = Musl.send
    static let read = Musl.read
    #else
    static let close = Darwin.close
    static let send = Darwin.send
    static let read = Darwin.read
    #endif
}

/// The connection to the daemon failed (as opposed to the daemon refusing a request, which is
/// a ``ControlErrorBody``).
public struct ControlClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
