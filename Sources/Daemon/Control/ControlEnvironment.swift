import Carrier
import Control
import Logging
import Routing
import TextingCore

/// What the control commands act on: the router and the parts of the daemon around it.
public struct ControlEnvironment: Sendable {
    /// Every practice, conversation and setting goes through it.
    public var router: Router
    /// The daemon's version, reported by `status`.
    public var version: String
    /// `sandbox` or `twilio`, reported by `status`.
    public var carrierKind: String
    /// The sandbox carrier, when it is the carrier: enables `sandbox.text` and `sandbox.inbox`.
    public var sandbox: SandboxCarrier?
    /// Obtains a dedicated toll-free number (E2); nil while the daemon cannot provision (then
    /// `number.request` is refused with `control.unavailable`).
    public var provisionNumber: NumberProvisioner?
    /// The own-number rules (E7) as currently configured.
    public var porting: @Sendable () -> PortingPolicy
    /// Re-reads the configuration as SIGHUP does; nil when the daemon offers no reload.
    public var reload: (@Sendable () async -> ReloadInfo)?
    public var logger: Logger
    /// Uploads, files and links of media (R5); nil refuses attachments (`attachment.not_supported`).
    public var media: MediaLibrary?

    public init(
        router: Router, version: String, carrierKind: String, sandbox: SandboxCarrier?,
        provisionNumber: NumberProvisioner?,
        porting: @escaping @Sendable () -> PortingPolicy = { PortingPolicy() },
        reload: (@Sendable () async -> ReloadInfo)? = nil, logger: Logger = Logger(label: "twowayd.control"),
        media: MediaLibrary? = nil
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
    }

    /// Gets a toll-free number for a practice in `country`; `taken` are the numbers practices
    /// already hold. Errors: a ``TextingError``, or the carrier's `CarrierError`.
    public typealias NumberProvisioner =
        @Sendable (_ country: PhoneCountry, _ taken: Set<PhoneNumber>) async throws -> PhoneNumber

    /// The sandbox's provisioning (E2): `SandboxNumberPool.number(at: k)` for the first `k`
    /// whose number no practice holds.
    public static let sandboxPool: NumberProvisioner = { _, taken in
        var index = 0
        while let number = SandboxNumberPool.number(at: index) {
            if !taken.contains(number) { return number }
            index += 1
        }
        throw TextingError(.init("number.pool_exhausted"), "The sandbox number pool has no free number left.")
    }

    /// Provisioning through a carrier (`TwilioClient`, or `SandboxCarrier`, which gives the same
    /// numbers as ``sandboxPool``), with the webhook URLs the new number should call.
    public static func provisioning(
        through carrier: any NumberProvisioning, smsURL: String, voiceURL: String, statusURL: String
    ) -> NumberProvisioner {
        { country, taken in
            try await carrier.provisionTollFreeNumber(
                country: country, smsURL: smsURL, voiceURL: voiceURL, statusURL: statusURL, excluding: taken)
        }
    }
}
