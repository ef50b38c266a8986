import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One running `twowayd` per state directory (issue 11): an exclusive `flock` on
/// `twowayd.lock` in the directory, taken before the database is opened and held until the
/// process exits. The kernel releases it at any exit, `kill -9` included, so a crash never leaves
/// a stale lock. The file names its holder (pid, host, start time) so a second daemon can say
/// which process to stop.
///
/// The descriptor is close-on-exec, so no child process keeps the lock after the daemon exits.
final class StateDirectoryLock: Sendable {
    /// The lock file's name inside the state directory.
    static let fileName = "twowayd.lock"
    /// Error code of a state directory another process holds.
    static let lockedCode = StartupError.Code("startup.state_locked")

    /// The lock file's path.
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        // Closing the last descriptor of the open file releases the lock.
        close(descriptor)
    }

    /// Takes the lock of `directory` for this process and writes this process into the file.
    ///
    /// - Throws: ``StartupError`` `startup.state_locked` naming the holder when another process
    ///   holds the lock; `startup.state_lock` when the lock file cannot be opened or written.
    static func acquire(directory: String, now: Date = Date()) throws -> StateDirectoryLock {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard descriptor >= 0 else {
            throw StartupError(.init("startup.state_lock"), "Cannot open the lock file \(path): \(errorText(errno)).")
        }
        var result: Int32
        repeat {
            result = flock(descriptor, LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let failure = errno
            let holder = failure == EWOULDBLOCK ? Holder(readingFrom: descriptor) : nil
            close(descriptor)
            guard failure == EWOULDBLOCK else {
                throw StartupError(.init("startup.state_lock"), "Cannot lock \(path): \(errorText(failure)).")
            }
            throw StartupError(lockedCode, lockedMessage(directory: directory, holder: holder, path: path))
        }
        let lock = StateDirectoryLock(path: path, descriptor: descriptor)
        let record = Holder(processID: getpid(), host: ProcessInfo.processInfo.hostName, started: now).text
        let bytes = Array(record.utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, bytes, bytes.count, 0) == bytes.count else {
            throw StartupError(.init("startup.state_lock"), "Cannot write the lock file \(path): \(errorText(errno)).")
        }
        return lock
    }

    /// What a second daemon says: who holds the directory and what to do.
    static func lockedMessage(directory: String, holder: Holder?, path: String) -> String {
        guard let holder else {
            return "Another twowayd is using the state directory \(directory) (its lock file \(path) does not say "
                + "which process); stop it first."
        }
        var who = "pid \(holder.processID)"
        if let host = holder.host { who += " on \(host)" }
        if let started = holder.started { who += ", started \(started)" }
        return "Another twowayd (\(who)) is using the state directory \(directory); stop it first."
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The process a lock file names: `pid=…`, `host=…` and `started=…` lines.
    struct Holder: Sendable, Equatable {
        var processID: Int32
        var host: String?
        var started: String?

        init(processID: Int32, host: String?, started: Date) {
            self.processID = processID
            self.host = host
            self.started = started.formatted(.iso8601)
        }

        /// The holder `text` names, or nil when it names no pid (an empty or foreign file).
        init?(parsing text: String) {
            var fields: [Substring: Substring] = [:]
            // Only printable characters: the values go into an error message and a log line.
            let printable = String(text.unicodeScalars.filter { $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F) })
            for line in printable.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[line[..<equals]] = line[line.index(after: equals)...]
            }
            guard let pid = fields["pid"].flatMap({ Int32($0) }), pid > 0 else { return nil }
            processID = pid
            host = fields["host"].map(String.init)
            started = fields["started"].map(String.init)
        }

        /// The holder written in the file open at `descriptor`, if it names one.
        init?(readingFrom descriptor: Int32) {
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            self.init(parsing: String(decoding: buffer[..<count], as: UTF8.self))
        }

        /// The file's content.
        var text: String {
            "pid=\(processID)\n" + (host.map { "host=\($0)\n" } ?? "") + (started.map { "started=\($0)\n" } ?? "")
        }
    }
}
