import Foundation
import Logging
import Operations
import TextingStore

extension TwowayDaemon {
    /// The sender of the platform's event webhooks (V1), from the `webhooks` configuration:
    /// configured endpoints follow reloads, their secrets are read from the credentials at each
    /// post. Warns when the retry window is under 24 hours and when a configured endpoint's
    /// secret is missing or malformed (its events wait and are retried until it is fixed).
    static func eventWebhookSender(
        store: any EventOutboxStore, current: Reloadable<LoadedConfiguration>, logger: Logger
    ) -> EventWebhookSender {
        let settings = current.current.configuration.webhooks
        if settings.retry.windowSeconds < 86_400 {
            logger.warning("webhooks.retry.windowSeconds is under 24 hours; events are failed sooner than the platform expects",
                           metadata: ["event": "webhook_retry_window_short", "seconds": "\(settings.retry.windowSeconds)"])
        }
        for endpoint in settings.endpoints
        where current.current.credentials.secret(named: endpoint.secretCredential).flatMap(WebhookSigner.init(secret:)) == nil {
            logger.warning("webhook endpoint secret missing or not a whsec_ secret; its events wait until it is fixed",
                           metadata: ["event": "webhook_secret_missing", "credential": "\(endpoint.secretCredential)",
                                      "practice": "\(endpoint.practice)"])
        }
        return EventWebhookSender(
            store: store,
            configuration: .init(
                retryWindowSeconds: settings.retry.windowSeconds, initialDelaySeconds: settings.retry.initialDelaySeconds,
                maxDelaySeconds: settings.retry.maxDelaySeconds, timeoutSeconds: settings.timeoutSeconds,
                concurrency: settings.concurrency, pollIntervalSeconds: settings.pollIntervalSeconds,
                keepDeliveredDays: settings.keepDeliveredDays),
            secret: { endpoint in
                endpoint.secret ?? endpoint.secretCredential.flatMap { current.current.credentials.secret(named: $0) }
            },
            // A fixed date: the sender compares the list with the last one it applied, and the
            // store dates a new endpoint itself.
            configuredEndpoints: { current.current.configuration.webhooks.endpointRecords(at: .distantPast) },
            logger: Logger(label: "twowayd.events"))
    }
}
