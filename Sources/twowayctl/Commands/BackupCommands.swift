import ArgumentParser
import Control
import Foundation

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database, media files and media-link key into a new folder while the daemon runs.",
        discussion: """
            The daemon writes one consistent copy of its database (every text acknowledged before the command \
            started is in it), its media files and the media-link key it generated into a folder of its state \
            directory; twowayctl copies that folder to FOLDER (which must not exist; created with mode 0700, files 0600) and \
            removes it from the state directory. FOLDER then holds twowayd.sqlite, media/, media-link-key (when \
            the daemon keeps its own key) and backup.json.

            Outbound messages still queued at the time of the copy are recorded in the copy as failed, so a \
            daemon started on a restored copy does not send them a second time; --keep-queued keeps them queued \
            (for a copy taken right before the daemon is stopped, to move it). Run as root or as a member of \
            group twowayd: the copy is read from the state directory. Restore: see the operator guide.
            """)
    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The folder to create for the backup (and the folders above it).", valueName: "folder"))
    var folder: String

    @Flag(help: "Keep messages queued at the time of the copy queued in it (a restored daemon sends them).")
    var keepQueued = false

    func run() throws {
        let destination = URL(fileURLWithPath: folder).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: destination) else {
            ConnectionOptions.fail("\(destination) already exists; name a new folder.")
            throw ExitCode(1)
        }
        let client = try connection.connect()
        let info = try connection.send(BackupCommand(keepQueued: keepQueued ? true : nil), on: client)
        defer { _ = try? client.send(BackupDiscardCommand(name: info.name)) }
        do {
            // The folders above FOLDER are created as needed, like mkdir -p.
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Self.copyFolder(info.directory, to: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            ConnectionOptions.fail("cannot copy the backup from \(info.directory) to \(destination): \(error) "
                + "(run as root or as a member of group twowayd)")
            throw ExitCode(1)
        }
        var copied = info
        copied.directory = destination
        connection.emit(copied)
    }
}

extension Backup {
    /// A file or folder that could not be copied.
    struct CopyError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// Copies the folder `source` to `destination` (created, mode 0700, as are its sub-folders)
    /// file by file, owned by whoever runs twowayctl. (`FileManager.copyItem` also tries to
    /// give the copies the daemon's owner, which only root may.)
    static func copyFolder(_ source: String, to destination: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: destination, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        for name in try files.contentsOfDirectory(atPath: source).sorted() {
            let from = (source as NSString).appendingPathComponent(name)
            let to = (destination as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard files.fileExists(atPath: from, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                try copyFolder(from, to: to)
            } else {
                try copyFile(from, to: to)
            }
        }
    }

    /// Copies one file in 1 MiB pieces (a database may be large) and flushes it to disk.
    static func copyFile(_ source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw CopyError(path: source, reason: "cannot be read")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: destination)
        else {
            throw CopyError(path: destination, reason: "cannot be created")
        }
        defer { try? output.close() }
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
            try output.write(contentsOf: piece)
        }
        try output.synchronize()
    }
}

extension BackupInfo: HumanReadable {
    var humanReadable: String {
        var lines = [
            "backup written to \(directory)",
            "taken at:       \(ISO8601DateFormatter().string(from: takenAt)) (every text acknowledged before is in it)",
            "database:       \(databaseBytes) bytes, \(messages) messages",
            "media files:    \(mediaFiles)",
            "media-link key: \(includesMediaLinkKey ? "included" : "not included (the media-link-key credential is used; back up /etc/twowayd/credentials)")",
        ]
        if heldOutbox > 0 {
            lines.append("held outbox:    \(heldOutbox) queued messages recorded as failed in the copy (not sent again after a restore)")
        }
        return lines.joined(separator: "\n")
    }
}
