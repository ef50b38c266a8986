import Routing
import ServiceLifecycle

/// Runs the ``OutboxSender`` (D2) until graceful shutdown; rows not yet sent stay in the durable
/// outbox and are sent after the next start.
struct OutboxService: Service {
    let sender: OutboxSender

    func run() async {
        await cancelWhenGracefulShutdown {
            await sender.run()
        }
    }
}
