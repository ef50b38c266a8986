import Carrier
import Control
import Foundation
import Routing
import TextingCore

/// `sandbox.text` and `sandbox.inbox`: playing a client's handset when the sandbox carrier is
/// active. For the people who run the daemon only: a handset is not any one practice's.
extension Operations {
    /// A client's text, handed to `Router.dispatch` exactly as the webhook hands one over, with
    /// a fresh MessageSid.
    public func sandboxText(_ caller: Caller, _ args: SandboxTextCommand) async throws -> InboundInfo {
        try caller.requireSystemAdministrator()
        _ = try sandboxCarrier()
        let from = try Arguments.phone(args.from, "The client's number")
        let to: PhoneNumber
        if let text = args.to {
            to = try Arguments.phone(text, "The practice number")
        } else {
            let practice = try await router.practice(practiceID(for: caller, args.practice))
            guard let number = practice.number.usable ?? Self.pendingNumber(practice.number) else {
                throw TextingError(.init("texting.no_number"),
                                   "Practice \(practice.id) has no texting number to text; request one first, or give --to.")
            }
            to = number
        }
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let outcome = try await router.dispatch(InboundText(from: from, to: to, body: args.body, carrierSID: sid))
        return InboundInfo(
            sid: sid, from: from.e164, to: to.e164, disposition: outcome.disposition.rawValue,
            conversation: outcome.conversationID?.rawValue, message: outcome.messageID?.rawValue, replies: outcome.replies)
    }

    /// What a simulated handset received.
    public func sandboxInbox(_ caller: Caller, _ args: SandboxInboxCommand) async throws -> HandsetInbox {
        try caller.requireSystemAdministrator()
        let carrier = try sandboxCarrier()
        let number = try Arguments.phone(args.number, "The handset number")
        return HandsetInbox(number: number.e164, messages: await carrier.inbox(number).map(HandsetMessageInfo.init))
    }

    private func sandboxCarrier() throws(TextingError) -> SandboxCarrier {
        guard let sandbox = environment.sandbox else {
            throw Arguments.unavailable("Sandbox commands need the sandbox carrier (carrier.kind is \(environment.carrierKind)).")
        }
        return sandbox
    }

    private static func pendingNumber(_ number: TextingNumber) -> PhoneNumber? {
        if case .portRequested(let n, _) = number { return n }
        return nil
    }
}
