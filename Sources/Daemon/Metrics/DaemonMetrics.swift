import Foundation
import Hummingbird
import Logging
import Routing
import ServiceLifecycle
import StaffAPI
import TextingStore
import TwowayMetrics

/// The daemon's metrics: the exporter, the gauges brought up to date at each scrape (live
/// sessions, outbox depth, the age of the oldest due row), and `GET /metrics` on the staff API
/// listener or, when that is off, on a loopback listener of its own.
struct DaemonMetrics: Sendable {
    let exporter: MetricsExporter
    let router: Routing.Router
    let store: SQLiteStore

    /// Bootstraps the exporter (once per process) and records the build's version.
    init(router: Routing.Router, store: SQLiteStore, version: String) {
        exporter = MetricsExporter.bootstrapped()
        self.router = router
        self.store = store
        TwowayMetrics.buildInfo(version: version)
        TwowayMetrics.prepare()
    }

    /// What `GET /metrics` serves.
    var endpoint: MetricsEndpoint {
        MetricsEndpoint(contentType: MetricsExporter.contentType) { [self] in
            await refreshGauges()
            return exporter.render()
        }
    }

    /// Sets the gauges from the router and the store. A store that cannot answer leaves the
    /// outbox gauges at their last values.
    func refreshGauges() async {
        TwowayMetrics.liveSessions.record(await router.liveSessionCount)
        if let depth = try? await store.outboxDepth() { TwowayMetrics.outboxDepth.record(depth) }
        if let age = try? await store.oldestDueOutboxAge(now: Date()) { TwowayMetrics.outboxOldestDueAge.record(age) }
    }

    /// `/metrics` alone on `host`:`port`, for a daemon whose API listener is off: Hummingbird's
    /// own application, a service of the daemon's group.
    func standaloneListener(host: String, port: Int, logger: Logger) -> some Service {
        let router = Hummingbird.Router()
        endpoint.add(to: router)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }
}
