import Carrier
import Control
import Foundation
import Routing
import TextingCore

/// `sandbox.text` and `sandbox.inbox`: playing the client when the sandbox carrier is active.
extension ControlHandler {
    static let sandboxRoutes: [(String, Route)] = [
        route(SandboxTextCommand.self) { handler, args, _ in try await handler.injectText(args) },
        route(SandboxInboxCommand.self) { handler, args, _ in
            let carrier = try handler.sandboxCarrier()
            let number = try ControlArguments.phone(args.number, "The handset number")
            return HandsetInbox(number: number.e164, messages: await carrier.inbox(number).map(HandsetMessageInfo.init))
        },
    ]

    private func sandboxCarrier() throws -> SandboxCarrier {
        guard let sandbox = environment.sandbox else {
            throw ControlErrorBody(code: ControlErrorCode.unavailable,
                                   message: "Sandbox commands need the sandbox carrier (carrier.kind is \(environment.carrierKind)).")
        }
        return sandbox
    }

    /// A client's text, handed to `Router.dispatch` exactly as the webhook hands one over,
    /// with a fresh MessageSid.
    private func injectText(_ args: SandboxTextCommand) async throws -> InboundInfo {
        _ = try sandboxCarrier()
        let from = try ControlArguments.phone(args.from, "The client's number")
        let to: PhoneNumber
        if let text = args.to {
            to = try ControlArguments.phone(text, "The practice number")
        } else {
            let practice = try await router.practice(practiceID(args.practice))
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

    private static func pendingNumber(_ number: TextingNumber) -> PhoneNumber? {
        if case .portRequested(let n, _) = number { return n }
        return nil
    }
}
