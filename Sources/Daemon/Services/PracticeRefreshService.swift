import Logging
import Routing
import ServiceLifecycle

/// Rereads the practices every second when several daemons share the store (M1), so a practice
/// added, changed or deleted through another daemon (hours, toggles, texting number) is routed
/// with its new settings here within a second.
struct PracticeRefreshService: Service {
    let router: Router
    var interval: Duration = .seconds(1)
    let logger: Logger
    /// A database that is down fails every read: one line per minute is enough (the
    /// reachability check says the rest).
    let failures = LogRateLimit(limit: 1, per: .seconds(60))

    func run() async {
        await repeatUntilShutdown(every: { interval }) { await refreshOnce() }
    }

    /// Rereads the practices once, logging what changed or why it could not.
    func refreshOnce() async {
        do {
            let changed = try await router.refreshPractices()
            if changed > 0 {
                logger.info("practices changed by another daemon", metadata: [
                    "event": "practices_refreshed", "count": "\(changed)",
                ])
            }
        } catch {
            failures.log(.warning, "practices could not be reread", metadata: [
                "event": "practices_refresh_failed", "error": "\(error)",
            ], to: logger)
        }
    }
}
