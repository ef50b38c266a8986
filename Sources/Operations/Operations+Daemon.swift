import Control
import Routing
import TextingCore

/// The daemon itself: `status`, `reload` and `backup`, for the people who run it.
extension Operations {
    /// The daemon's version, carrier, practice count, live sessions and outbox depth.
    ///
    /// - Throws: `auth.forbidden` for accounts.
    public func status(_ caller: Caller) async throws -> StatusInfo {
        try caller.requireSystemAdministrator()
        return StatusInfo(
            version: environment.version, protocolVersion: ControlProtocol.version, carrier: environment.carrierKind,
            practices: await router.allPractices().count, liveSessions: await router.liveSessionCount,
            outboxDepth: try await router.outboxDepth())
    }

    /// Re-reads the configuration as SIGHUP does.
    ///
    /// - Throws: `auth.forbidden` for accounts; `control.unavailable` when the daemon offers no
    ///   reload.
    public func reload(_ caller: Caller) async throws -> ReloadInfo {
        try caller.requireSystemAdministrator()
        guard let reload = environment.reload else {
            throw Arguments.unavailable("This daemon cannot reload its configuration.")
        }
        return await reload()
    }

    /// Writes a backup into the state directory while the daemon runs (see ``BackupCommand``).
    ///
    /// - Throws: `auth.forbidden` for accounts; `control.unavailable` when the daemon offers no
    ///   backups; the store's error when the copy fails.
    public func backup(_ caller: Caller, _ arguments: BackupCommand) async throws -> BackupInfo {
        try caller.requireSystemAdministrator()
        return try await backups().take(keepingQueued: arguments.keepQueued ?? false)
    }

    /// Removes a backup's folder from the state directory once it was copied.
    ///
    /// - Throws: `auth.forbidden` for accounts; `control.unavailable` without backups;
    ///   `backup.invalid_name` for a name that is not a backup's.
    public func discardBackup(_ caller: Caller, _ arguments: BackupDiscardCommand) async throws -> BackupDiscardInfo {
        try caller.requireSystemAdministrator()
        return BackupDiscardInfo(removed: try await backups().discard(name: arguments.name))
    }

    private func backups() throws -> any OperationsEnvironment.Backups {
        guard let backups = environment.backups else {
            throw Arguments.unavailable("This daemon cannot take backups.")
        }
        return backups
    }
}
