/// `backup`: the daemon writes a consistent copy of its database, media files and generated
/// media-link key into a new folder of its state directory (``BackupInfo/directory``) while it
/// keeps running; `twowayctl backup` copies that folder to where the administrator asked and
/// then sends ``BackupDiscardCommand``.
public struct BackupCommand: ControlCommand {
    public typealias Result = BackupInfo
    public static let name = "backup"
    /// True keeps outbound messages still queued at the time of the copy queued in it (a daemon
    /// started on the restored copy then sends them, perhaps a second time); false or absent
    /// records them in the copy as failed, not sent again.
    public var keepQueued: Bool?

    public init(keepQueued: Bool? = nil) {
        self.keepQueued = keepQueued
    }
}

/// `backup.discard`: removes the folder a ``BackupCommand`` left in the state directory, once
/// copied.
public struct BackupDiscardCommand: ControlCommand {
    public typealias Result = BackupDiscardInfo
    public static let name = "backup.discard"
    /// ``BackupInfo/name`` of the backup.
    public var name: String

    public init(name: String) {
        self.name = name
    }
}
