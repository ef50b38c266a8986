import ServiceLifecycle

/// Runs the ``EventWebhookSender`` (V1) until graceful shutdown; deliveries not yet made stay in
/// the durable event outbox and are posted after the next start.
struct EventWebhookService: Service {
    let sender: EventWebhookSender

    func run() async {
        await cancelWhenGracefulShutdown {
            await sender.run()
        }
    }
}
