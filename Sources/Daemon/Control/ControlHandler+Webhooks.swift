import Control
import Operations

/// The platform's webhooks: `webhook.add`, `webhook.list`, `webhook.remove`, `events.list`,
/// `events.retry` (V1), each carried out by ``Operations``. Secrets are never logged.
extension ControlHandler {
    static let webhookRoutes: [(String, Route)] = [
        route(WebhookAddCommand.self) { operations, args, caller, _ in try await operations.addWebhook(caller, args) },
        route(WebhookListCommand.self) { operations, args, caller, _ in try await operations.listWebhooks(caller, args) },
        route(WebhookRemoveCommand.self) { operations, args, caller, _ in try await operations.removeWebhook(caller, args) },
        route(EventListCommand.self) { operations, args, caller, _ in try await operations.listEvents(caller, args) },
        route(EventRetryCommand.self) { operations, args, caller, _ in try await operations.retryEvents(caller, args) },
    ]
}
