import Logging
import ServiceLifecycle
import Systemd

/// Tells systemd the daemon is ready, and later that it is stopping.
///
/// It runs inside the service group, so by the time it sends `READY=1` the database is migrated,
/// the listener is bound (both happen before the group starts) and the group has installed its
/// SIGTERM/SIGINT handlers (before it starts any service); SIGHUP was trapped earlier still.
/// Listed last in the group, it is the first service told about a graceful shutdown: it sends
/// `STOPPING=1`, logs `event=stopping` and returns, and the HTTP server drains next.
struct ReadinessService: Service {
    let status: StatusReporter
    let logger: Logger
    /// Extra metadata of the `started` entry (endpoint, carrier, state directory, …).
    let startedMetadata: Logger.Metadata

    func run() async {
        SystemdNotifier.notify([.ready, .status(await status.statusText())])
        var metadata = startedMetadata
        metadata["event"] = "started"
        logger.notice("twowayd started", metadata: metadata)

        // Returns on graceful shutdown; throws CancellationError when the group is cancelled.
        try? await gracefulShutdown()
        status.markStopping()
        SystemdNotifier.notify([.stopping, .status("stopping: finishing requests in progress")])
        logger.notice("twowayd stopping", metadata: ["event": "stopping"])
    }
}
