import Logging
import Routing
import ServiceLifecycle

/// Every `sessions.reapIntervalSeconds` (re-read after a reload), drops the phone sessions that
/// were idle longer than `sessions.idleTimeoutSeconds`; they are rebuilt from the store on their
/// number's next text.
struct SessionReaper: Service {
    let router: Router
    /// The current interval.
    let interval: @Sendable () -> Duration
    let logger: Logger

    func run() async {
        await repeatUntilShutdown(every: interval) { [router, logger] in
            let evicted = await router.evictIdleSessions()
            if evicted > 0 {
                logger.debug("idle phone sessions dropped", metadata: [
                    "event": "sessions_evicted", "count": "\(evicted)",
                ])
            }
        }
    }
}
