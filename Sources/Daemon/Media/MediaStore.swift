import Foundation
import TextingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The media files on disk (R4, R5): one folder, `<stateDirectory>/media/` (mode 0750) or the
/// configured `media.directory` (shared by every daemon of one PostgreSQL database), holding
/// one file per stored attachment named `<id>.<ext>`, where `id` is the attachment's 128-bit
/// random id and `ext` comes from its type (``TextingCore/MediaFileExtension``). The database
/// records each file's name relative to this folder (`storedPath`).
///
/// A file is written to `.<id>.part`, flushed to disk, renamed into place and the folder flushed,
/// so a stored path in the database always names a complete file. Leftover `.part` files (a
/// crash mid-write) are removed by ``removePartialFiles()`` at start-up.
public struct MediaStore: Sendable {
    /// Name of the folder inside the state directory.
    public static let folderName = "media"

    /// The folder's absolute path.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The folder inside `stateDirectory`, created (mode 0750) when missing.
    ///
    /// - Throws: `media.io` when it cannot be created.
    public static func prepare(stateDirectory: String) throws(MediaError) -> MediaStore {
        try prepare(directory: (stateDirectory as NSString).appendingPathComponent(folderName))
    }

    /// The folder `directory` (the configured `media.directory`, e.g. a mount every daemon of a
    /// shared database sees), created (mode 0750) when missing.
    ///
    /// - Throws: `media.io` when it cannot be created.
    public static func prepare(directory: String) throws(MediaError) -> MediaStore {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw MediaError("media.io", "Cannot create the media folder \(directory): \(error.localizedDescription)")
        }
        return MediaStore(directory: directory)
    }

    /// The stored name of the file `id` of type `contentType`: `<id>.<ext>`.
    public static func fileName(id: String, contentType: String) -> String {
        "\(id).\(MediaFileExtension.forContentType(contentType))"
    }

    /// Writes `bytes` durably as the file of `id` (mode 0640) and returns its stored name.
    ///
    /// - Throws: `media.io` when the file cannot be written (full disk, permissions).
    public func write(_ bytes: [UInt8], id: String, contentType: String) throws(MediaError) -> String {
        let name = Self.fileName(id: id, contentType: contentType)
        let final = path(of: name)
        let temporary = path(of: ".\(id).part")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw Self.ioError("create", temporary) }
        if !writeAll(descriptor, bytes) || fsync(descriptor) != 0 {
            let error = Self.ioError("write", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else {
            let error = Self.ioError("rename", final)
            unlink(temporary)
            throw error
        }
        Self.syncDirectory(of: final)
        return name
    }

    /// The bytes of the stored file `name`.
    ///
    /// - Throws: `media.not_found` when there is no such file (or `name` is not a plain file
    ///   name of this folder), `media.io` when it cannot be read.
    public func read(_ name: String) throws(MediaError) -> [UInt8] {
        guard Self.isPlainName(name) else { throw MediaError("media.not_found", "No media file named \(name).") }
        let path = path(of: name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw MediaError("media.not_found", "The media file \(path) is missing.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError("media.io", "Cannot read the media file \(path).")
        }
        return [UInt8](data)
    }

    /// Removes the stored file `name`, if it is there.
    public func remove(_ name: String) {
        guard Self.isPlainName(name) else { return }
        unlink(path(of: name))
    }

    /// Removes `.part` files left by a write that did not finish; returns how many.
    @discardableResult
    public func removePartialFiles() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".part") {
            if unlink(path(of: name)) == 0 { removed += 1 }
        }
        return removed
    }

    /// The absolute path of `name` in the folder.
    public func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// A name with no folder part, so no path from the database can point outside the folder.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".." && !name.contains("\0")
    }

    /// Flushes the folder holding `path`, so a rename or link in it survives power loss.
    static func syncDirectory(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func ioError(_ what: String, _ path: String) -> MediaError {
        MediaError("media.io", "Cannot \(what) the media file \(path): \(String(cString: strerror(errno))).")
    }
}

/// Writes every byte to `descriptor`, retrying after interrupted and short writes.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            guard let base = buffer.baseAddress else { return false }
            let written = write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
