import Logging
import Routing
import ServiceLifecycle
import Systemd

/// Pings systemd's watchdog (`WatchdogSec=`) every half interval, but only after the router
/// actor answered within that half interval. A router stuck behind a hung task therefore stops
/// the pings and systemd kills and restarts the daemon (`Restart=on-failure`), instead of a
/// daemon that looks alive while no text gets through.
///
/// The ping is withheld too while a listener cannot accept connections (``ListenerHealth``:
/// `accept` failing, as when every file descriptor is in use), so a daemon nobody can reach is
/// restarted rather than kept alive.
struct WatchdogService: Service {
    /// `WatchdogSec=` as systemd passed it (`$WATCHDOG_USEC`).
    let timeout: Duration
    let router: Router
    let listeners: ListenerHealth
    let logger: Logger

    func run() async {
        let half = timeout / 2
        await cancelWhenGracefulShutdown { [router, listeners, logger] in
            while !Task.isCancelled {
                let start = ContinuousClock.now
                _ = await router.liveSessionCount
                let elapsed = ContinuousClock.now - start
                if let since = listeners.acceptFailingSince {
                    logger.error("listeners cannot accept connections; watchdog ping withheld", metadata: [
                        "event": "watchdog_withheld", "failing_for": "\(ContinuousClock.now - since)",
                    ])
                } else if elapsed <= half {
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
