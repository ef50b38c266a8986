import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The secret that signs media links (R5) and where it came from.
///
/// The `media-link-key` credential wins when present. Without it the daemon keeps its own key
/// in `<stateDirectory>/media-link-key` (64 hex digits of 32 random bytes, mode 0600), created
/// the first time and read on every later start, so links keep working across restarts. The key
/// is read at start-up only: a new credential takes effect at the next restart, and links made
/// with the old key then stop working.
public struct MediaLinkKey: Sendable {
    /// Where the key came from, for the start-up log (never the key itself).
    public enum Source: String, Sendable, Hashable {
        /// The `media-link-key` credential.
        case credential
        /// The key file in the state directory, made by an earlier start.
        case stateFile = "state_file"
        /// The key file in the state directory, made just now.
        case generated
    }

    /// Name of the key file in the state directory.
    public static let fileName = "media-link-key"

    /// The secret's bytes (the credential's UTF-8 text, or the file's hex text).
    public var bytes: [UInt8]
    public var source: Source

    public init(bytes: [UInt8], source: Source) {
        self.bytes = bytes
        self.source = source
    }

    /// The credential when given, else the state directory's key file, created when missing.
    ///
    /// - Throws: `media.key_unusable` when the file can be neither read nor created.
    public static func load(credential: String?, stateDirectory: String) throws(MediaError) -> MediaLinkKey {
        if let credential, !credential.isEmpty {
            return MediaLinkKey(bytes: Array(credential.utf8), source: .credential)
        }
        let path = (stateDirectory as NSString).appendingPathComponent(fileName)
        if let existing = try readKey(at: path) {
            return MediaLinkKey(bytes: existing, source: .stateFile)
        }
        var generator = SystemRandomNumberGenerator()
        let text = (0..<32).map { _ in
            let byte = generator.next() as UInt8
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        if try create(path: path, contents: Array(text.utf8)) {
            return MediaLinkKey(bytes: Array(text.utf8), source: .generated)
        }
        // Another process created it between the read and the create: use theirs.
        guard let existing = try readKey(at: path) else {
            throw MediaError("media.key_unusable", "The media link key file \(path) is empty; remove it and restart.")
        }
        return MediaLinkKey(bytes: existing, source: .stateFile)
    }

    /// The key in the file, nil when there is no file; narrows a mode wider than 0600.
    private static func readKey(at path: String) throws(MediaError) -> [UInt8]? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw MediaError("media.key_unusable", "Cannot read the media link key file \(path): \(String(cString: strerror(errno))).")
        }
        if status.st_mode & 0o077 != 0 { _ = chmod(path, 0o600) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError("media.key_unusable", "Cannot read the media link key file \(path).")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw MediaError("media.key_unusable", "The media link key file \(path) is empty; remove it and restart.")
        }
        return Array(text.utf8)
    }

    /// Writes `contents` to a temporary file (mode 0600), flushes it and links it into place, so
    /// the key file is never seen half-written. Returns false when `path` already exists.
    private static func create(path: String, contents: [UInt8]) throws(MediaError) -> Bool {
        let temporary = path + ".tmp-\(getpid())"
        let failure = { (what: String) in
            MediaError("media.key_unusable", "Cannot create the media link key file \(path): \(what) (\(String(cString: strerror(errno)))).")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open") }
        defer { unlink(temporary) }
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == contents.count, synced == 0 else { throw failure("write") }
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw failure("link")
        }
        MediaStore.syncDirectory(of: path)
        return true
    }
}
