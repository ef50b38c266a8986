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
public final class ControlClient {
    private let fd: Int32
    private var nextID = 1
    private var pending: [UInt8] = []

    /// Connects to the daemon's socket at `socketPath`.
    public init(socketPath: String) throws(ControlClientError) {
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
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = Self.lastError()
            _ = POSIX.close(descriptor)
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
                throw ControlClientError("Sending to the daemon failed: \(Self.lastError()).")
            }
            offset += sent
        }
    }

    private func readLine() throws(ControlClientError) -> Data {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ControlClientError("Reading from the daemon failed: \(Self.lastError()).")
            }
            if count == 0 { throw ControlClientError("The daemon closed the connection without an answer.") }
            pending.append(contentsOf: chunk[..<count])
        }
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
