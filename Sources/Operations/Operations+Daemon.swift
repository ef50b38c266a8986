import Control
import Routing
import TextingCore

/// The daemon itself: `status` and `reload`, for the people who run it.
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
}
