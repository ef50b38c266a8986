import Logging
import Routing
import ServiceLifecycle
import Systemd

/// Pings systemd's watchdog (`WatchdogSec=`) every half interval, but only after the router
/// actor answered within that half interval. A router stuck behind a hung task therefore stops
/// the pings and systemd kills and restarts the daemon (`Restart=on-failure`), instead of a
/// daemon that looks alive while no text gets through.
struct WatchdogService: Service {
    /// `WatchdogSec=` as systemd passed it (`$WATCHDOG_USEC`).
    let timeout: Duration
    let router: Router
    let logger: Logger

    func run() async {
        let half = timeout / 2
        await cancelWhenGracefulShutdown { [router, logger] in
            while !Task.isCancelled {
                let start = ContinuousClock.now
                _ = await router.liveSessionCount
                let elapsed = ContinuousClock.now - start
                if elapsed <= half {
                    SystemdNotifier.notify([.watchdog])
                } else {
                    logger.warning("router answered late; watchdog ping skipped", metadata: [
                        "event": "watchdog_late", "elapsed": "\(elapsed)",
                    ])
                }
                do {
                    try await Task.sleep(until: start.advanced(by: half), clock: .continuous)
                } catch {
                    return
                }
            }
        }
    }
}
