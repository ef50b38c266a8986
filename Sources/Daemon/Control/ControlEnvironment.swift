import Carrier
import Operations
import TextingCore

/// What the control commands act on: the router and the parts of the daemon around it, the
/// same environment the ``Operations`` that carry the commands out are given.
public typealias ControlEnvironment = OperationsEnvironment

/// How the daemon obtains texting numbers (E2).
extension OperationsEnvironment {
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
