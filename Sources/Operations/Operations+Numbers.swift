import Carrier
import Control
import Routing
import TextingCore

/// The practice's texting number: `number.request`, `number.port`, `number.port-complete`
/// (E2, E7; admins).
extension Operations {
    /// Gets the practice a dedicated toll-free number (E2).
    ///
    /// - Throws: `control.unavailable` when the daemon cannot provision,
    ///   `number.provisioning_failed` when the carrier refused.
    public func requestNumber(_ caller: Caller, _ args: NumberRequestCommand) async throws -> PracticeInfo {
        let id = try await adminPractice(caller, args.practice)
        guard let provision = environment.provisionNumber else {
            throw Arguments.unavailable(
                "Requesting a toll-free number through the \(environment.carrierKind) carrier is "
                    + "not available yet; assign the number by hand or use the sandbox carrier.")
        }
        do {
            return PracticeInfo(try await router.requestNumber(practice: id, provision: provision))
        } catch let error as CarrierError {
            throw TextingError(.init("number.provisioning_failed"),
                               "The carrier could not provide a toll-free number: \(error.message)")
        }
    }

    /// Asks to text from the practice's own number (E7), with the setup fee.
    public func requestPort(_ caller: Caller, _ args: NumberPortCommand) async throws -> PortRequestInfo {
        let id = try await adminPractice(caller, args.practice)
        let number = try Arguments.phone(args.number, "The practice's own number")
        let policy = environment.porting()
        let practice = try await router.requestPort(practice: id, number: number, carrier: args.carrier, policy: policy)
        return PortRequestInfo(practice: PracticeInfo(practice), feeCents: policy.setupFeeCents)
    }

    /// Records that the practice's own number now texts through us (E7).
    public func completePort(_ caller: Caller, _ args: NumberPortCompleteCommand) async throws -> PracticeInfo {
        PracticeInfo(try await router.completePort(practice: adminPractice(caller, args.practice)))
    }
}
