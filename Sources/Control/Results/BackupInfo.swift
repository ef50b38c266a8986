import Foundation

/// What `backup` wrote: a folder in the daemon's state directory holding `twowayd.sqlite`,
/// `media/`, `media-link-key` (when the daemon keeps its own) and `backup.json` (this value).
public struct BackupInfo: Codable, Sendable, Hashable {
    /// The folder's name, for ``BackupDiscardCommand``.
    public var name: String
    /// The folder's absolute path.
    public var directory: String
    /// When the database copy was taken: every text acknowledged before is in it.
    public var takenAt: Date
    /// The daemon's version.
    public var version: String
    /// Size of `twowayd.sqlite` in bytes.
    public var databaseBytes: Int64
    /// Messages in the copy.
    public var messages: Int
    /// Files in `media/`.
    public var mediaFiles: Int
    /// Outbound messages queued at the time of the copy that the copy records as failed (not
    /// sent again after a restore); 0 with `keepQueued`.
    public var heldOutbox: Int
    /// True when `media-link-key` (the key the daemon generated in its state directory) is in
    /// the folder; false when the key is the `media-link-key` credential, which is not copied.
    public var includesMediaLinkKey: Bool

    public init(
        name: String, directory: String, takenAt: Date, version: String, databaseBytes: Int64, messages: Int,
        mediaFiles: Int, heldOutbox: Int, includesMediaLinkKey: Bool
    ) {
        self.name = name
        self.directory = directory
        self.takenAt = takenAt
        self.version = version
        self.databaseBytes = databaseBytes
        self.messages = messages
        self.mediaFiles = mediaFiles
        self.heldOutbox = heldOutbox
        self.includesMediaLinkKey = includesMediaLinkKey
    }
}

/// The outcome of `backup.discard`.
public struct BackupDiscardInfo: Codable, Sendable, Hashable {
    /// False when there was no such folder (already removed).
    public var removed: Bool

    public init(removed: Bool) {
        self.removed = removed
    }
}
