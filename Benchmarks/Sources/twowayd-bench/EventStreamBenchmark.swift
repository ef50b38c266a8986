import ArgumentParser
import BenchKit
import LoadKit

/// Webhook throughput with staff browsers' event streams open against the same run without
/// them (issue 12): every stored text is announced to every open stream of its practice, so the
/// streams cost the webhook path something; this measures how much, and checks that every
/// stream received every announcement.
struct EventStreamBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Webhook throughput with 50 open event streams vs none, in one run.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Open event streams (staff browsers).") var streams = 50
    @Option(help: "Keep-alive webhook connections (the carrier's concurrency).") var connections = 32
    @Option(help: "Measured seconds per round and mode.") var duration = 8
    @Option(help: "Unmeasured seconds before each measurement.") var warmup = 2
    @Option(help: "Rounds of (without, with); the median ratio is reported.") var rounds = 3
    @Option(help: "Distinct client numbers the webhooks come from.") var numbers = 2_000

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        let directory = try options.scratch("events")
        var settings = DaemonSettings()
        let apiPort = try FreePort.pick()
        settings.apiPort = apiPort
        let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/state",
                                       workDirectory: directory, settings: settings)
        defer { daemon.stop() }
        try daemon.waitReady()
        let cookie = try StaffSignIn.session(
            daemon: daemon, controlTool: StaffSignIn.controlTool(besideDaemon: options.daemon), apiPort: apiPort)
        let clients = ClientNumbers(count: numbers)
        func plan(seconds: Int, warmup: Int, maxRequests: Int? = nil) -> LoadPlan {
            LoadPlan(mode: .closed, port: daemon.port, connections: connections, threads: 1,
                     warmup: .seconds(warmup), duration: .seconds(seconds), maxRequests: maxRequests)
        }
        func inbound() -> InboundTextRequests { InboundTextRequests(host: "127.0.0.1", port: daemon.port, clients: clients) }

        Report.step("daemon pid \(daemon.pid), webhooks on \(daemon.port), API on \(apiPort); \(numbers) client numbers, "
            + "\(connections) connections, \(streams) event streams in the 'with' runs")
        // Take every number through the profile bot first, as the throughput benchmark does.
        _ = try await LoadRun.run(plan(seconds: 300, warmup: 0, maxRequests: numbers * 4), factory: inbound(), serverPID: daemon.pid)

        print(LoadTable.header)
        var results: [(ratio: Double, without: LoadSummary, with: LoadSummary)] = []
        var everyStreamGotEverything = true
        var lowestShare = 1.0
        for _ in 0..<rounds {
            let without = try await LoadRun.run(plan(seconds: duration, warmup: warmup), factory: inbound(), serverPID: daemon.pid)
            let readers = try EventStreamReaders(count: streams, apiPort: apiPort, cookie: cookie)
            try await Task.sleep(for: .milliseconds(500))  // every stream subscribed
            let with = try await LoadRun.run(plan(seconds: duration, warmup: warmup), factory: inbound(), serverPID: daemon.pid)
            try await Task.sleep(for: .milliseconds(500))  // the last announcements arrive
            let counts = readers.eventCounts
            readers.close()
            // Each acknowledged webhook stored at least its inbound message, announced once to
            // every stream (automatic replies add more).
            let acknowledged = with.answered - with.non2xx
            let least = counts.min() ?? 0
            if least < acknowledged || Set(counts).count != 1 { everyStreamGotEverything = false }
            lowestShare = min(lowestShare, Double(least) / Double(max(acknowledged, 1)))
            print(without.row + "  [no streams]")
            print(with.row + "  [\(streams) streams; events per stream \(least)...\(counts.max() ?? 0) for \(acknowledged) webhooks]")
            results.append((with.throughput / max(without.throughput, 1), without, with))
        }
        let median = results.sorted { $0.ratio < $1.ratio }[results.count / 2]
        return [
            Figure("webhook throughput with \(streams) open event streams (closed loop, median of \(rounds))",
                   measured: "\(Int(median.with.throughput)) req/s = \(Format.fixed(median.ratio, 2)) x without streams "
                       + "(\(Int(median.without.throughput)) req/s); p99 \(LoadTable.ms(median.with.latencyMilliseconds(99))) ms vs "
                       + "\(LoadTable.ms(median.without.latencyMilliseconds(99))) ms",
                   target: "report (no target in the issue)", pass: nil),
            Figure("every stream received every stored message's event",
                   measured: everyStreamGotEverything ? "yes" : "no (lowest \(Format.fixed(lowestShare * 100, 1)) %)",
                   target: "yes", pass: everyStreamGotEverything),
        ]
    }
}

extension EventStreamBenchmark: Measuring {}
