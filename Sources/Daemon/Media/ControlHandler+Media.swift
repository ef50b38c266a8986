import Control
import Operations

/// `media.upload`: the parts of a file staff attach to a reply or a new conversation (R5).
extension ControlHandler {
    static let mediaRoutes: [(String, Route)] = [
        route(MediaUploadCommand.self) { operations, args, caller, _ in try await operations.upload(caller, args) },
    ]
}
