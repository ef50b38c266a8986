import Logging
import Routing
import ServiceLifecycle
import Synchronization
import Systemd
import TextingStore

/// Keeps systemd's status line current (`systemctl status twowayd`, `StatusText`):
/// `ready: N practices, M live sessions, K queued outbound`, every ``interval`` and after each
/// reload. Once shutdown has begun it stops overwriting the `stopping` status.
public final class StatusReporter: Service, Sendable {
    let router: Router
    let store: any MessageStore
    /// How often the status is refreshed.
    let interval: Duration
    private let stopping = Atomic<Bool>(false)

    public init(router: Router, store: any MessageStore, interval: Duration = .seconds(5)) {
        self.router = router
        self.store = store
        self.interval = interval
    }

    /// The status line now: practices and live sessions from the router, queued outbound
    /// messages from the store (`outbox unknown` when the store cannot say).
    public func statusText() async -> String {
        let practices = await router.allPractices().count
        let sessions = await router.liveSessionCount
        let queued: String
        do {
            queued = "\(try await store.outboxDepth()) queued outbound"
        } catch {
            queued = "outbox unknown (\(error))"
        }
        return "ready: \(practices) practice\(practices == 1 ? "" : "s"), "
            + "\(sessions) live session\(sessions == 1 ? "" : "s"), \(queued)"
    }

    /// Sends the current status line to systemd, unless shutdown has begun.
    public func report() async {
        let text = await statusText()
        guard !stopping.load(ordering: .relaxed) else { return }
        SystemdNotifier.notify([.status(text)])
    }

    /// From now on the status line is left alone (it says `stopping`).
    public func markStopping() {
        stopping.store(true, ordering: .relaxed)
    }

    public func run() async {
        await repeatUntilShutdown(every: { [interval] in interval }) { [self] in
            await report()
        }
    }
}
