import CoreMetrics
import Prometheus
import Synchronization

/// The process's metrics in Prometheus's text format: swift-metrics bootstrapped once with
/// swift-prometheus's factory, histogram buckets chosen for what each timer measures.
public final class MetricsExporter: Sendable {
    let registry: PrometheusCollectorRegistry

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// The process's exporter: the first call bootstraps swift-metrics (which may happen once per
    /// process), later calls return the same exporter.
    public static func bootstrapped() -> MetricsExporter {
        shared.withLock { shared in
            if let existing = shared { return existing }
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.durationHistogramBuckets = [
                // A webhook: a durable commit is 0.2-10 ms here; a slow disk or a checkpoint more.
                "twowayd_webhook_duration_seconds": [
                    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
                ],
                "twowayd_group_commit_duration_seconds": [
                    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                    .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1),
                ],
            ]
            factory.valueHistogramBuckets = [
                "twowayd_group_commit_batch_size": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
            ]
            MetricsSystem.bootstrap(factory)
            let exporter = MetricsExporter(registry: registry)
            shared = exporter
            return exporter
        }
    }

    private static let shared = Mutex<MetricsExporter?>(nil)

    /// Everything recorded so far, in the Prometheus text exposition format (version 0.0.4).
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// The `Content-Type` of ``render()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
