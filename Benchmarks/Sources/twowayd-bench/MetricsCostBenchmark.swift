import ArgumentParser
import BenchKit
import Foundation
import LoadKit
import Synchronization

/// What the metrics cost the webhook path (issue 16): durable inbound throughput of a daemon
/// with metrics on and `/metrics` scraped every second, against a daemon with metrics off, in
/// interleaved rounds of the same run.
struct MetricsCostBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Durable inbound throughput with metrics scraped every second vs metrics off.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Keep-alive webhook connections (the carrier's concurrency).") var connections = 32
    @Option(help: "Measured seconds per round and daemon.") var duration = 8
    @Option(help: "Unmeasured seconds before each measurement.") var warmup = 2
    @Option(help: "Rounds of (off, on); the median ratio is reported.") var rounds = 3
    @Option(help: "Distinct client numbers the webhooks come from.") var numbers = 2_000

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        let directory = try options.scratch("metrics")
        func start(_ name: String, metrics: Bool) throws -> (DaemonProcess, Int) {
            var settings = DaemonSettings()
            let apiPort = try FreePort.pick()
            settings.apiPort = apiPort
            settings.metricsEnabled = metrics
            let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/\(name)/state",
                                           workDirectory: "\(directory)/\(name)", settings: settings)
            try daemon.waitReady()
            return (daemon, apiPort)
        }
        let (withMetrics, apiPort) = try start("on", metrics: true)
        defer { withMetrics.stop() }
        let (without, _) = try start("off", metrics: false)
        defer { without.stop() }
        let clients = ClientNumbers(count: numbers)
        func plan(_ daemon: DaemonProcess, seconds: Int, warmup: Int, maxRequests: Int? = nil) -> LoadPlan {
            LoadPlan(mode: .closed, port: daemon.port, connections: connections, threads: 1,
                     warmup: .seconds(warmup), duration: .seconds(seconds), maxRequests: maxRequests)
        }
        func inbound(_ daemon: DaemonProcess) -> InboundTextRequests {
            InboundTextRequests(host: "127.0.0.1", port: daemon.port, clients: clients)
        }
        Report.step("metrics on: pid \(withMetrics.pid) (scraped every second on \(apiPort)); metrics off: pid \(without.pid); "
            + "\(numbers) client numbers, \(connections) connections")
        for daemon in [withMetrics, without] {
            _ = try await LoadRun.run(plan(daemon, seconds: 300, warmup: 0, maxRequests: numbers * 4), factory: inbound(daemon),
                                      serverPID: daemon.pid)
        }

        let scraper = Scraper(port: apiPort)
        defer { scraper.stop() }
        print(LoadTable.header)
        var ratios: [Double] = []
        for _ in 0..<rounds {
            let off = try await LoadRun.run(plan(without, seconds: duration, warmup: warmup), factory: inbound(without),
                                            serverPID: without.pid)
            let on = try await LoadRun.run(plan(withMetrics, seconds: duration, warmup: warmup), factory: inbound(withMetrics),
                                           serverPID: withMetrics.pid)
            print(off.row + "  [metrics off]")
            print(on.row + "  [metrics on, scraped every second]")
            ratios.append(on.throughput / max(off.throughput, 1))
        }
        let median = ratios.sorted()[ratios.count / 2]
        return [
            Figure("durable inbound with metrics scraped every second / with metrics off (median of \(rounds))",
                   measured: "\(Format.fixed(median, 3)) (rounds: \(ratios.map { Format.fixed($0, 3) }.joined(separator: ", "))); "
                       + "\(scraper.scrapes) scrapes, \(scraper.failures) failed",
                   target: ">= 0.95 (metrics cost <= 5 %)", pass: median >= 0.95 && scraper.failures == 0),
        ]
    }
}

/// `GET /metrics` once a second on its own thread, as Prometheus would.
final class Scraper: Sendable {
    private let state = Mutex<(scrapes: Int, failures: Int, stopped: Bool)>((0, 0, false))

    init(port: Int) {
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                let ok = (try? RawHTTP.exchange(
                    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port))?
                    .hasPrefix("HTTP/1.1 200") ?? false
                state.withLock { ok ? ($0.scrapes += 1) : ($0.failures += 1) }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        thread.start()
    }

    var scrapes: Int { state.withLock { $0.scrapes } }
    var failures: Int { state.withLock { $0.failures } }
    func stop() { state.withLock { $0.stopped = true } }
}

extension MetricsCostBenchmark: Measuring {}
