import Control
import Foundation
import Logging
import Operations
import TextingCore
import TextingStore
import TextingStoreSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Backups while the daemon runs (`twowayctl backup`): each one a folder
/// `<stateDirectory>/backups/<name>/` holding
///
/// - `twowayd.sqlite`: one consistent snapshot of the database (``SQLiteStore/backup(to:holdingQueuedOutbox:note:)``);
/// - `media/`: the stored attachments (hard links to the files, which are never rewritten);
/// - `media-link-key`: the key the daemon generated, when it signs links with its own key;
/// - `backup.json`: the ``BackupInfo``.
///
/// The daemon writes there because its sandbox lets it write nowhere else; the folder is
/// readable by group `twowayd` (files 0640, folders 0750) so `twowayctl`, run by root or an
/// admin of that group, copies it where asked and then discards it. A folder left behind (the
/// copy was interrupted) is removed by the next backup once it is an hour old.
public struct StateBackup: OperationsEnvironment.Backups {
    /// Name of the folder of backups inside the state directory.
    public static let folderName = "backups"
    /// How old a leftover backup folder must be before the next backup removes it.
    public static let leftoverAge: TimeInterval = 3600

    let store: SQLiteStore
    let stateDirectory: String
    /// The media files' folder (`media.directory`; `<stateDirectory>/media` by default).
    let mediaDirectory: String
    let version: String
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: SQLiteStore, stateDirectory: String, mediaDirectory: String? = nil, version: String, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.stateDirectory = stateDirectory
        self.mediaDirectory = mediaDirectory ?? (stateDirectory as NSString).appendingPathComponent(MediaStore.folderName)
        self.version = version
        self.logger = logger
        self.now = now
    }

    var root: String { (stateDirectory as NSString).appendingPathComponent(Self.folderName) }

    public func take(keepingQueued: Bool) async throws -> BackupInfo {
        let files = FileManager.default
        try Self.makeDirectory(root)
        removeLeftovers()
        let takenAt = now()
        let name = Self.name(at: takenAt)
        let directory = (root as NSString).appendingPathComponent(name)
        try Self.makeDirectory(directory)
        do {
            let stamp = ISO8601DateFormatter().string(from: takenAt)
            let database = try await store.backup(
                to: (directory as NSString).appendingPathComponent(TwowayDaemon.databaseFileName),
                holdingQueuedOutbox: !keepingQueued,
                note: "queued when the backup of \(stamp) was taken; not sent again from the restored copy, "
                    + "since the running daemon most likely sent it after the backup")
            let mediaFiles = try copyMedia(into: directory)
            let includesKey = try copyLinkKey(into: directory)
            let info = BackupInfo(
                name: name, directory: directory, takenAt: takenAt, version: version, databaseBytes: database.bytes,
                messages: database.messages, mediaFiles: mediaFiles, heldOutbox: database.heldOutbox,
                includesMediaLinkKey: includesKey)
            let manifest = ControlProtocol.makeEncoder()
            manifest.outputFormatting = [.prettyPrinted, .sortedKeys]
            try manifest.encode(info).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("backup.json")))
            logger.notice("backup written", metadata: [
                "event": "backup", "backup": "\(name)", "bytes": "\(database.bytes)", "messages": "\(database.messages)",
                "media_files": "\(mediaFiles)", "held_outbox": "\(database.heldOutbox)",
            ])
            return info
        } catch {
            try? files.removeItem(atPath: directory)
            logger.error("backup failed: \(error)", metadata: ["event": "backup_failed", "backup": "\(name)", "error": "\(error)"])
            if error is TextingError { throw error }
            throw TextingError(.init("backup.failed"), "The backup could not be written: \(error)")
        }
    }

    public func discard(name: String) async throws -> Bool {
        guard Self.isBackupName(name) else {
            throw TextingError(.init("backup.invalid_name"), "\"\(name)\" is not the name of a backup.")
        }
        let directory = (root as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: directory) else { return false }
        try FileManager.default.removeItem(atPath: directory)
        return true
    }

    /// `twowayd-backup-20261207T091500Z-1a2b3c`: sortable by time, unique per call.
    static func name(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return "twowayd-backup-\(formatter.string(from: date))-\(suffix)"
    }

    /// A name ``name(at:)`` makes: no path separator, no dot-dot.
    static func isBackupName(_ name: String) -> Bool {
        name.hasPrefix("twowayd-backup-") && name.count < 64
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
    }

    /// Links every complete file of the media folder into `directory/media/` (copies
    /// when linking fails); returns how many. Files are written under a temporary name and
    /// renamed into place before the database refers to them, so each one the copy refers to is
    /// already complete; a file stored after the copy was taken comes along unused.
    func copyMedia(into directory: String) throws -> Int {
        let source = mediaDirectory
        let target = (directory as NSString).appendingPathComponent(MediaStore.folderName)
        try Self.makeDirectory(target)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: source) else { return 0 }
        var count = 0
        for name in names where !name.hasPrefix(".") {
            let from = (source as NSString).appendingPathComponent(name)
            let to = (target as NSString).appendingPathComponent(name)
            if link(from, to) != 0 {
                guard errno != ENOENT else { continue }  // removed meanwhile
                try FileManager.default.copyItem(atPath: from, toPath: to)
            }
            count += 1
        }
        return count
    }

    /// Copies `<stateDirectory>/media-link-key` (mode 0640) when the daemon keeps one.
    func copyLinkKey(into directory: String) throws -> Bool {
        let source = (stateDirectory as NSString).appendingPathComponent(MediaLinkKey.fileName)
        guard let key = FileManager.default.contents(atPath: source) else { return false }
        let target = (directory as NSString).appendingPathComponent(MediaLinkKey.fileName)
        guard FileManager.default.createFile(atPath: target, contents: key, attributes: [.posixPermissions: 0o640]) else {
            throw TextingError(.init("backup.failed"), "Cannot write \(target).")
        }
        return true
    }

    /// Removes backup folders older than ``leftoverAge`` (their copy was interrupted).
    func removeLeftovers() {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: root) else { return }
        for name in names where Self.isBackupName(name) {
            let path = (root as NSString).appendingPathComponent(name)
            guard let modified = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now().timeIntervalSince(modified) > Self.leftoverAge
            else { continue }
            try? files.removeItem(atPath: path)
            logger.notice("leftover backup removed", metadata: ["event": "backup_leftover_removed", "backup": "\(name)"])
        }
    }
}
