import ArgumentParser
import BenchKit
import GRDB
import LoadKit

/// Durable inbound throughput against the `GET /health` baseline in the same run, the daemon CPU
/// of a first text from a new number against a text in an active conversation, and p99 and p99.9
/// latency in an open loop at half that throughput (issue 15).
struct ThroughputBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Durable inbound throughput vs GET /health, first texts vs texts in active conversations, "
            + "and p99/p99.9 at half load.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Keep-alive connections (the carrier's concurrency).") var connections = 32
    @Option(help: "Client event-loop threads.") var threads = 1
    @Option(help: "Measured seconds per route and round.") var duration = 10
    @Option(help: "Unmeasured seconds before each measurement.") var warmup = 2
    @Option(help: "Closed-loop rounds (health, webhook); the median ratio is reported.") var rounds = 3
    @Option(help: "Distinct client numbers the webhooks come from.") var numbers = 10_000
    @Option(help: "The daemon's logLevel (the shipped default is info).") var logLevel = "info"
    @Flag(help: "Instead: 1 daemon on SQLite, 1 on PostgreSQL and 2 on one PostgreSQL, each measured alike.")
    var postgres = false
    @Option(help: "With --postgres: the port of the throwaway PostgreSQL server.") var postgresPort = 55509

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        if postgres {
            return try await PostgresThroughputBenchmark(
                options: options, connections: connections, threads: threads, duration: duration, warmup: warmup,
                numbers: numbers, logLevel: logLevel, port: postgresPort
            ).measure()
        }
        let directory = try options.scratch("throughput")
        var settings = DaemonSettings()
        settings.logLevel = logLevel
        // The shipped configuration has the staff API listener on.
        settings.apiPort = try FreePort.pick()
        let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/state",
                                       workDirectory: directory, settings: settings)
        defer { daemon.stop() }
        try daemon.waitReady()
        let clients = ClientNumbers(count: numbers)
        let health = HealthRequests(host: "127.0.0.1", port: daemon.port)
        // A new factory (so new MessageSids) for every run: indexes restart at 0 in each run, and
        // a repeated MessageSid would be a cheap duplicate (R6) instead of a stored text.
        func inbound() -> InboundTextRequests {
            InboundTextRequests(host: "127.0.0.1", port: daemon.port, clients: clients)
        }
        func plan(_ mode: LoadPlan.Mode, seconds: Int, warmup: Int) -> LoadPlan {
            LoadPlan(mode: mode, port: daemon.port, connections: connections, threads: threads,
                     warmup: .seconds(warmup), duration: .seconds(seconds))
        }

        Report.step("daemon pid \(daemon.pid) on port \(daemon.port), logLevel \(logLevel); \(numbers) client numbers, "
            + "\(connections) connections, \(threads) client thread(s)")
        // Every number first sends the four texts that take it through the profile bot (A4: a
        // new conversation and question 1, questions 2 and 3, the profile), so the measured
        // rounds see the steady state of a busy practice: known clients texting in their active
        // conversation, with live sessions.
        let opening = try await LoadRun.run(
            LoadPlan(mode: .closed, port: daemon.port, connections: connections, threads: threads, warmup: .zero,
                     duration: .seconds(300), maxRequests: numbers * 4),
            factory: inbound(), serverPID: daemon.pid)
        Report.step("opening: \(opening.answered) texts (4 per number, through the profile bot) in "
            + "\(Format.fixed(opening.elapsedSeconds)) s = \(Int(Double(opening.answered) / max(opening.elapsedSeconds, 0.001))) req/s, "
            + "daemon \(Int((opening.serverCPUMicrosecondsPerRequest ?? 0).rounded())) µs CPU/req")

        print(LoadTable.header)
        var ratios: [(ratio: Double, health: LoadSummary, inbound: LoadSummary)] = []
        for _ in 0..<rounds {
            let baseline = try await LoadRun.run(plan(.closed, seconds: duration, warmup: warmup), factory: health,
                                                 serverPID: daemon.pid)
            let webhooks = try await LoadRun.run(plan(.closed, seconds: duration, warmup: warmup), factory: inbound(),
                                                 serverPID: daemon.pid)
            print(baseline.row + cpuNote(baseline))
            print(webhooks.row + cpuNote(webhooks))
            ratios.append((webhooks.throughput / max(baseline.throughput, 1), baseline, webhooks))
        }
        let median = ratios.sorted { $0.ratio < $1.ratio }[ratios.count / 2]
        let half = median.inbound.throughput / 2
        let openWebhooks = try await LoadRun.run(plan(.open(ratePerSecond: half), seconds: duration, warmup: warmup),
                                                 factory: inbound(), serverPID: daemon.pid)
        let openHealth = try await LoadRun.run(plan(.open(ratePerSecond: half), seconds: duration, warmup: warmup),
                                               factory: health, serverPID: daemon.pid)
        print(openHealth.row + cpuNote(openHealth))
        print(openWebhooks.row + cpuNote(openWebhooks))
        // One text each from `numbers` numbers that never texted (disjoint from `clients`; request
        // i comes from number i % numbers, so `numbers` requests are one per number): each opens a
        // conversation and gets the profile bot's first question (and the after-hours reply when
        // the practice is closed). It runs last: its replies queue 10,000s of outbound texts that
        // the open loop would otherwise measure beside, and its cost is compared with the rounds'.
        let newClients = ClientNumbers(count: numbers, offset: numbers)
        let firstTexts = try await LoadRun.run(
            LoadPlan(mode: .closed, port: daemon.port, connections: connections, threads: threads, warmup: .zero,
                     duration: .seconds(300), maxRequests: numbers),
            factory: InboundTextRequests(host: "127.0.0.1", port: daemon.port, clients: newClients),
            serverPID: daemon.pid)
        print(firstTexts.row + cpuNote(firstTexts) + "  first texts from new numbers")
        // Daemon CPU of a first text over that of a text in an active conversation (the median
        // round's); nil when the daemon's CPU time could not be read, which fails the figure.
        let firstTextRatio = firstTexts.serverCPUMicrosecondsPerRequest.flatMap { first in
            median.inbound.serverCPUMicrosecondsPerRequest.map { first / max($0, 1) }
        }
        daemon.stop()
        let allClean = ratios.allSatisfy { $0.health.clean && $0.inbound.clean } && firstTexts.clean && openWebhooks.clean
            && openHealth.clean
        // Every acknowledged webhook must be a stored text (a duplicate MessageSid would be cheaper
        // and flatter the result).
        let acknowledged = ([opening, firstTexts, openWebhooks] + ratios.map(\.inbound)).reduce(0) { $0 + $1.answered - $1.non2xx }
        let queue = try BenchDatabase.openReadOnly("\(directory)/state/twowayd.sqlite")
        let stored = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE direction = 'inbound'") ?? 0
        }
        try queue.close()

        return [
            Figure("durable inbound throughput (closed loop, \(connections) connections, median of \(rounds))",
                   measured: "\(Int(median.inbound.throughput)) req/s = \(Format.fixed(median.ratio, 2)) x GET /health "
                       + "(\(Int(median.health.throughput)) req/s)",
                   target: ">= 0.50 x GET /health", pass: median.ratio >= 0.5 && allClean),
            Figure("first text from a new number vs a text in an active conversation "
                       + "(closed loop, \(firstTexts.answered) new numbers)",
                   measured: "\(cpuPerRequest(firstTexts)) µs vs \(cpuPerRequest(median.inbound)) µs of daemon CPU = "
                       + "\(firstTextRatio.map { Format.fixed($0, 2) } ?? "n/a") x (throughput "
                       + "\(Int(firstTexts.throughput)) req/s vs \(Int(median.inbound.throughput)) req/s)",
                   target: "<= 1.5 x", pass: (firstTextRatio.map { $0 <= 1.5 } ?? false) && firstTexts.clean),
            Figure("p99 and p99.9 at half that load (open loop, \(Int(half)) req/s)",
                   measured: "p99 \(LoadTable.ms(openWebhooks.latencyMilliseconds(99))) ms, p99.9 "
                       + "\(LoadTable.ms(openWebhooks.latencyMilliseconds(99.9))) ms (p50 "
                       + "\(LoadTable.ms(openWebhooks.latencyMilliseconds(50))), max \(LoadTable.ms(openWebhooks.maxMilliseconds)); "
                       + "GET /health at that rate: p99 \(LoadTable.ms(openHealth.latencyMilliseconds(99))) ms, p99.9 "
                       + "\(LoadTable.ms(openHealth.latencyMilliseconds(99.9))) ms)",
                   target: "p99 <= 5 ms, p99.9 <= 15 ms",
                   pass: openWebhooks.latencyMilliseconds(99) <= 5 && openWebhooks.latencyMilliseconds(99.9) <= 15
                       && openWebhooks.clean),
            Figure("daemon CPU per request",
                   measured: "webhook \(cpuPerRequest(median.inbound)) µs, GET /health \(cpuPerRequest(median.health)) µs "
                       + "(ratio \(Format.fixed((median.inbound.serverCPUMicrosecondsPerRequest ?? 0) / max(median.health.serverCPUMicrosecondsPerRequest ?? 1, 1), 1)))",
                   target: "<= 2 x GET /health for the 0.50 target when CPU-bound", pass: nil),
            Figure("all answers 2xx, none lost; every acknowledged webhook stored",
                   measured: "\(allClean ? "yes" : "no (see problems column)"); \(stored) inbound rows for \(acknowledged) acknowledged",
                   target: "yes; rows = acknowledged", pass: allClean && stored == acknowledged),
        ]
    }

    private func cpuNote(_ summary: LoadSummary) -> String {
        "  [daemon \(Int((summary.serverCPUPercent ?? 0).rounded()))% CPU, \(cpuPerRequest(summary)) µs/req; "
            + "client \(Int(summary.clientCPUPercent.rounded()))%]"
    }

    private func cpuPerRequest(_ summary: LoadSummary) -> String {
        "\(Int((summary.serverCPUMicrosecondsPerRequest ?? 0).rounded()))"
    }
}
