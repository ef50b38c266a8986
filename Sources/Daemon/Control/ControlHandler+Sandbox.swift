import Control
import Operations

/// `sandbox.text` and `sandbox.inbox`: playing the client when the sandbox carrier is active.
extension ControlHandler {
    static let sandboxRoutes: [(String, Route)] = [
        route(SandboxTextCommand.self) { operations, args, caller, _ in try await operations.sandboxText(caller, args) },
        route(SandboxInboxCommand.self) { operations, args, caller, _ in try await operations.sandboxInbox(caller, args) },
    ]
}
