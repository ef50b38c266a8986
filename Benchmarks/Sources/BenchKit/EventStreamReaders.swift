import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `count` open `GET /api/v1/events` streams, as that many staff browsers keep, read by one
/// thread that counts the events each receives.
public final class EventStreamReaders: Sendable {
    private let sockets: [Int32]
    private let counts: Mutex<[Int]>
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)
    /// The event counted: every stored message announces one.
    public static let counted = Array("\nevent: message.created\n".utf8)

    /// Opens the streams with the session `cookie` and starts reading them.
    public init(count: Int, apiPort: Int, cookie: String) throws {
        var sockets: [Int32] = []
        for _ in 0..<count {
            let fd = try RawHTTP.connect(port: apiPort)
            try RawHTTP.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Cookie: twowayd_session=\(cookie)\r\n\r\n", on: fd)
            sockets.append(fd)
        }
        self.sockets = sockets
        counts = Mutex([Int](repeating: 0, count: count))
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    /// Events counted per stream so far.
    public var eventCounts: [Int] { counts.withLock { $0 } }

    /// Stops reading and closes every stream.
    public func close() {
        stopping.store(true, ordering: .relaxed)
        for _ in 0..<200 where !finished.withLock({ $0 }) { usleep(10_000) }
        for fd in sockets { Glibc.close(fd) }
    }

    private func readLoop() {
        var pollSet = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var carry = [[UInt8]](repeating: [], count: sockets.count)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let pattern = Self.counted
        while !stopping.load(ordering: .relaxed) {
            guard poll(&pollSet, nfds_t(pollSet.count), 100) > 0 else { continue }
            for index in pollSet.indices where pollSet[index].revents != 0 {
                let received = recv(pollSet[index].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                guard received > 0 else {
                    if received == 0 { pollSet[index].fd = -1 }  // closed: poll ignores it from now on
                    continue
                }
                let bytes = carry[index] + buffer[0..<received]
                let found = Self.occurrences(of: pattern, in: bytes)
                if found > 0 { counts.withLock { $0[index] += found } }
                carry[index] = Array(bytes.suffix(pattern.count - 1))
            }
        }
        finished.withLock { $0 = true }
    }

    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> Int {
        guard bytes.count >= pattern.count else { return 0 }
        var found = 0
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                found += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return found
    }
}
