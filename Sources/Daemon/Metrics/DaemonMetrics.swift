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
    let store: any MessageStore
    /// The age in seconds of the oldest due outbox row.
    let outboxAge: @Sendable (Date) async throws -> Double?

    /// Bootstraps the exporter (once per process) and records the build's version.
    init(router: Routing.Router, store: any MessageStore, outboxAge: @escaping @Sendable (Date) async throws -> Double?,
         version: String) {
        exporter = MetricsExporter.bootstrapped()
        self.router = router
        self.store = store
        self.outboxAge = outboxAge
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
        if let age = try? await outboxAge(Date()) { TwowayMetrics.outboxOldestDueAge.record(age) }
    }

    /// `/metrics` alone on `host`:`port`, for a daemon whose API listener is off: Hummingbird's
    /// own application, a service of the daemon's group. An address that cannot be bound is
    /// logged (`event=metrics_unavailable`) and the daemon runs on without metrics: texts matter
    /// more.
    func standaloneListener(host: String, port: Int, logger: Logger) -> some Service {
        let router = Hummingbird.Router()
        endpoint.add(to: router)
        let application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "twowayd"),
            logger: logger)
        return MetricsListener(application: application, endpoint: "\(host):\(port)", logger: logger)
    }
}

/// Runs the metrics application; when it fails, logs why and waits for shutdown instead of
/// ending the daemon's service group.
struct MetricsListener<Listener: Service>: Service {
    let application: Listener
    let endpoint: String
    let logger: Logger

    func run() async throws {
        do {
            try await application.run()
        } catch {
            logger.error("metrics listener \(endpoint) unavailable, running without it: \(error)", metadata: [
                "event": "metrics_unavailable", "endpoint": "\(endpoint)", "error": "\(error)",
            ])
            try? await gracefulShutdown()
        }
    }
}
