import Carrier
import Control
import Foundation
import Logging
import Routing
import TextingCore

/// What the operations act on: the router and the parts of the daemon around it. The daemon
/// builds one at start; tests build their own.
public struct OperationsEnvironment: Sendable {
    /// Every practice, conversation and setting goes through it.
    public var router: Router
    /// The daemon's version, reported by `status`.
    public var version: String
    /// `sandbox` or `twilio`, reported by `status`.
    public var carrierKind: String
    /// A secret from the daemon's credentials by file name, read at call time (the app-token
    /// keys `app-token-key-<practice id>`, P1); nil when there is none.
    public var secret: @Sendable (String) -> String? = { _ in nil }
    /// The sandbox carrier, when it is the carrier: enables playing a client's handset.
    public var sandbox: SandboxCarrier?
    /// Obtains a dedicated toll-free number (E2); nil while the daemon cannot provision (then
    /// number requests are refused with `control.unavailable`).
    public var provisionNumber: NumberProvisioner?
    /// The own-number rules (E7) as currently configured.
    public var porting: @Sendable () -> PortingPolicy
    /// Re-reads the configuration as SIGHUP does; nil when the daemon offers no reload.
    public var reload: (@Sendable () async -> ReloadInfo)?
    public var logger: Logger
    /// Uploads, files and links of attachments (R5); nil refuses attachments
    /// (`attachment.not_supported`).
    public var media: (any StaffMedia)?
    /// Staff accounts and their sessions (W1, W4); nil refuses the `staff.*` commands
    /// (`control.unavailable`).
    public var accounts: Accounts?
    /// Copies of the database and media while the daemon runs (`backup`); nil refuses them
    /// (`control.unavailable`).
    public var backups: (any Backups)?
    /// The clock of the platform's reminder requests (Q1); tests set their own.
    public var now: @Sendable () -> Date = Date.init
    /// Each practice's quiet hours and closed-day hold for reminders (Q1), as configured now.
    public var reminderWindow: @Sendable (PracticeID) -> ReminderWindow = { _ in ReminderWindow() }

    public init(
        router: Router, version: String, carrierKind: String, sandbox: SandboxCarrier?,
        provisionNumber: NumberProvisioner?,
        porting: @escaping @Sendable () -> PortingPolicy = { PortingPolicy() },
        reload: (@Sendable () async -> ReloadInfo)? = nil, logger: Logger = Logger(label: "twowayd.control"),
        media: (any StaffMedia)? = nil, accounts: Accounts? = nil, backups: (any Backups)? = nil
    ) {
        self.router = router
        self.version = version
        self.carrierKind = carrierKind
        self.sandbox = sandbox
        self.provisionNumber = provisionNumber
        self.porting = porting
        self.reload = reload
        self.logger = logger
        self.media = media
        self.accounts = accounts
        self.backups = backups
    }

    /// Gets a toll-free number for a practice in `country`; `taken` are the numbers practices
    /// already hold. Errors: a ``TextingError``, or the carrier's `CarrierError`.
    public typealias NumberProvisioner =
        @Sendable (_ country: PhoneCountry, _ taken: Set<PhoneNumber>) async throws -> PhoneNumber

    /// Writes backups into the state directory and removes them once copied elsewhere.
    public protocol Backups: Sendable {
        /// Copies the database (one consistent snapshot), the media files and the generated
        /// media-link key into a new folder of the state directory.
        func take(keepingQueued: Bool) async throws -> BackupInfo
        /// Removes the folder of the backup `name`; false when there is none.
        func discard(name: String) async throws -> Bool
    }
}
