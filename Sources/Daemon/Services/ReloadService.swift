import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on every SIGHUP (`systemctl reload` runs `kill -HUP $MAINPID`).
///
/// The signal sequence is created before the daemon reports ready, so a SIGHUP that arrives
/// early is queued rather than killing the process (SIGHUP's default action).
struct ReloadService: Service {
    let signals: UnixSignalsSequence
    let reloader: ConfigurationReloader

    func run() async {
        await cancelWhenGracefulShutdown { [signals, reloader] in
            for await _ in signals {
                await reloader.reload()
            }
        }
    }
}
