import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A deliberately plain HTTP/1.1 client on a POSIX socket, so server tests see exactly the bytes
/// on the wire. Blocking calls run on a Dispatch queue, never on Swift's cooperative threads.
final class RawHTTPClient: Sendable {
    private let descriptor: Int32
    private let closed = Atomic<Bool>(false)
    private let queue = DispatchQueue(label: "raw-http-client")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to 127.0.0.1:`port` with a 10-second receive timeout.
    init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            _ = Glibc.close(descriptor)
            throw Failure(description: "connect() to port \(port) failed: errno \(errno)")
        }
    }

    /// Closes the socket (once; later calls do nothing).
    func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = Glibc.close(descriptor)
    }

    /// Sends `bytes` whole.
    func send(_ bytes: [UInt8]) async throws {
        try await onQueue { [descriptor] in
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { throw Failure(description: "send() failed: errno \(errno)") }
                sent += count
            }
        }
    }

    /// Reads one response: status line and headers, then `Content-Length` bytes of body.
    func readResponse() async throws -> (status: Int, headers: [String: String], body: String) {
        try await onQueue { [descriptor] in
            var buffer: [UInt8] = []
            func fill() throws {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { throw Failure(description: "connection closed or timed out (\(count), errno \(errno))") }
                buffer += chunk[..<count]
            }
            let separator = Array("\r\n\r\n".utf8)
            var headerEnd: Int?
            while headerEnd == nil {
                try fill()
                if buffer.count >= 4 {
                    headerEnd = (0...(buffer.count - 4)).first { Array(buffer[$0..<$0 + 4]) == separator }
                }
            }
            let end = headerEnd ?? 0
            let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < end + 4 + length { try fill() }
            let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
            return (status, headers, body)
        }
    }

    /// Whether the server closed the connection (a read returns end-of-file).
    func isClosedByPeer() async -> Bool {
        (try? await onQueue { [descriptor] in
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, 0) == 0
        }) ?? false
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The bytes of a request.
    static func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}
