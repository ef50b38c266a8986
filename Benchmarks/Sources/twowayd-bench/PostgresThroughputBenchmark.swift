import BenchKit
import Foundation
import LoadKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `twowayd-bench throughput --postgres`: durable inbound throughput and p99 of one daemon on
/// SQLite, one on PostgreSQL and two on one PostgreSQL database (issue 14, M1), in one run.
///
/// Each setup starts from an empty store and the sandbox demo practice: every client number
/// first goes through the profile bot (four texts), then one closed-loop window measures the
/// most the setup sustains, and an open loop at half that rate measures p99. With two daemons the
/// connections are split between them and both get texts from the same numbers, so every number's
/// texts arrive at both daemons (the shared session's version check and the advisory work the
/// store does for it are in the figure). The PostgreSQL server is a throwaway one from
/// `Tests/tools/postgres.sh`, restarted with `fsync` and synchronous commits on so it writes as
/// durably as the SQLite daemon does.
struct PostgresThroughputBenchmark {
    let options: BenchOptions
    let connections: Int
    let threads: Int
    let duration: Int
    let warmup: Int
    let numbers: Int
    let logLevel: String
    let port: Int

    /// One setup's figures.
    struct Outcome {
        let name: String
        let closed: Double
        let p99: Double
        let p50: Double
        let halfRate: Double
        let acknowledged: Int
        let stored: Int
        let clean: Bool
    }

    func measure() async throws -> [Figure] {
        let scratch = try options.scratch("throughput-postgres")
        Report.step("\(numbers) client numbers, \(connections) connections in all, \(duration) s windows, logLevel \(logLevel)")
        var outcomes: [Outcome] = []
        outcomes.append(try await run(name: "1 daemon on SQLite", daemons: 1, directory: "\(scratch)/sqlite", server: nil))
        let server = PostgresServer(directory: "\(scratch)/pg", port: port)
        defer { server.down() }
        for daemons in [1, 2] {
            let url = try server.upDurable()
            outcomes.append(try await run(name: "\(daemons) daemon\(daemons == 1 ? "" : "s") on PostgreSQL",
                                          daemons: daemons, directory: "\(scratch)/pg\(daemons)", server: server, url: url))
            server.down()
        }
        return figures(outcomes)
    }

    private func figures(_ outcomes: [Outcome]) -> [Figure] {
        var figures: [Figure] = []
        let base = outcomes.first?.closed ?? 1
        for (index, outcome) in outcomes.enumerated() {
            var ratio = ""
            if index > 0 {
                ratio = " = \(Format.fixed(outcome.closed / max(base, 1), 2)) x SQLite"
            }
            if index == 2 {
                ratio += ", \(Format.fixed(outcome.closed / max(outcomes[1].closed, 1), 2)) x 1 daemon on PostgreSQL"
            }
            figures.append(Figure("durable inbound throughput, \(outcome.name) (closed loop, \(connections) connections)",
                                  measured: "\(Int(outcome.closed)) req/s\(ratio)", target: "-", pass: nil))
            figures.append(Figure("p99, \(outcome.name) (open loop at half that, \(Int(outcome.halfRate)) req/s)",
                                  measured: "\(LoadTable.ms(outcome.p99)) ms (p50 \(LoadTable.ms(outcome.p50)))",
                                  target: "-", pass: nil))
        }
        let allStored = outcomes.allSatisfy { $0.clean && $0.stored == $0.acknowledged }
        figures.append(Figure(
            "all answers 2xx; every acknowledged webhook stored, in each setup",
            measured: outcomes.map { "\($0.name): \($0.stored) rows for \($0.acknowledged) acknowledged\($0.clean ? "" : ", not clean")" }
                .joined(separator: "; "),
            target: "rows = acknowledged", pass: allStored))
        return figures
    }

    // MARK: - One setup

    private func run(name: String, daemons count: Int, directory: String, server: PostgresServer?,
                     url: String? = nil) async throws -> Outcome {
        Report.step("\(name):")
        var daemons: [DaemonProcess] = []
        defer { for daemon in daemons { daemon.stop() } }
        for index in 0..<count {
            var settings = DaemonSettings()
            settings.logLevel = logLevel
            settings.metricsEnabled = false
            let work = "\(directory)/d\(index + 1)"
            if let url {
                settings.storeKind = "postgres"
                // Read from `<configuration directory>/credentials`, as the daemon's documentation says.
                try FileManager.default.createDirectory(atPath: "\(work)/credentials", withIntermediateDirectories: true)
                try url.write(toFile: "\(work)/credentials/postgres-url", atomically: true, encoding: .utf8)
            }
            let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(work)/state", workDirectory: work,
                                           settings: settings)
            daemons.append(daemon)
            // One after the other: the first seeds the sandbox demo practice, the others find it.
            try daemon.waitReady(timeout: .seconds(120))
        }
        let clients = ClientNumbers(count: numbers)
        let share = max(1, connections / count)
        let targets = daemons.map { (port: $0.port, pid: $0.pid) }

        func load(_ mode: LoadPlan.Mode, seconds: Int, warmup: Int, maxRequests: Int? = nil) async throws -> [LoadSummary] {
            try await withThrowingTaskGroup(of: LoadSummary.self) { group in
                for target in targets {
                    let plan = LoadPlan(mode: mode, port: target.port, connections: share, threads: threads,
                                        warmup: .seconds(warmup), duration: .seconds(seconds), maxRequests: maxRequests)
                    // A new factory per run and daemon: new MessageSids, never a cheap duplicate (R6).
                    let factory = InboundTextRequests(host: "127.0.0.1", port: target.port, clients: clients)
                    let pid = target.pid
                    group.addTask { try await LoadRun.run(plan, factory: factory, serverPID: pid) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        // The profile bot's four texts per number, split over the daemons.
        let opening = try await load(.closed, seconds: 600, warmup: 0, maxRequests: numbers * 4 / count)
        let openingAnswered = opening.reduce(0) { $0 + $1.answered }
        let openingSeconds = opening.map(\.elapsedSeconds).max() ?? 0
        Report.step("  opening: \(openingAnswered) texts in \(Format.fixed(openingSeconds)) s")
        let closed = try await load(.closed, seconds: duration, warmup: warmup)
        let throughput = closed.reduce(0) { $0 + $1.throughput }
        for summary in closed { print("  " + summary.row) }
        let half = max(throughput / 2, 1)
        let open = try await load(.open(ratePerSecond: half / Double(count)), seconds: duration, warmup: warmup)
        for summary in open { print("  " + summary.row) }
        var histogram = open[0].histogram
        for summary in open.dropFirst() { histogram.add(summary.histogram) }
        for daemon in daemons { daemon.stop() }

        let summaries = opening + closed + open
        let acknowledged = summaries.reduce(0) { $0 + $1.answered - $1.non2xx }
        let stored: Int
        if let server {
            stored = try server.count("SELECT count(*) FROM message WHERE direction = 'inbound'")
        } else {
            let queue = try BenchDatabase.openReadOnly("\(directory)/d1/state/twowayd.sqlite")
            stored = try await queue.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE direction = 'inbound'") ?? 0
            }
            try queue.close()
        }
        return Outcome(name: name, closed: throughput, p99: Double(histogram.valueAtPercentile(99)) / 1_000,
                       p50: Double(histogram.valueAtPercentile(50)) / 1_000, halfRate: half,
                       acknowledged: acknowledged, stored: stored,
                       clean: (closed + open).allSatisfy(\.clean) && opening.allSatisfy { $0.non2xx == 0 && $0.lost == 0 })
    }
}

/// A throwaway PostgreSQL for the benchmark: `Tests/tools/postgres.sh` makes and starts it, then
/// it is restarted with durable writes (`postgres.sh` turns fsync off for correctness tests).
struct PostgresServer {
    let directory: String
    let port: Int

    /// `<repository>/Tests/tools/postgres.sh`, found from this file's place in the checkout.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/tools/postgres.sh").path
    }

    /// The newest `/usr/lib/postgresql/<version>/bin`.
    static var binaries: String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap { Int($0) }.max().map { "\(root)/\($0)/bin" }
    }

    /// A fresh server with fsync and synchronous commits on; the URL of its database `twowayd`.
    func upDurable() throws -> String {
        down()
        let url = try Self.execute(["/bin/bash", Self.script, "up", directory, "\(port)"])
            .split(separator: "\n").last { $0.hasPrefix("postgres://") }.map(String.init) ?? ""
        guard url.hasPrefix("postgres://"), let binaries = Self.binaries else {
            throw BenchError("postgres.sh up printed no URL")
        }
        var restart = ["\(binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "-t", "60",
                       "restart", "-m", "fast", "-o",
                       "-k \(directory)/sock -p \(port) -c listen_addresses=127.0.0.1 -c max_connections=200"]
        if getuid() == 0 { restart = ["/usr/sbin/runuser", "-u", "postgres", "--"] + restart }
        _ = try Self.execute(restart)
        return url
    }

    func down() {
        _ = try? Self.execute(["/bin/bash", Self.script, "down", directory])
    }

    /// The number one `SELECT count(*)` returns.
    func count(_ sql: String) throws -> Int {
        guard let binaries = Self.binaries else { throw BenchError("no PostgreSQL binaries") }
        let output = try Self.execute(["\(binaries)/psql", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres",
                                       "-d", "twowayd", "-X", "-A", "-t", "-c", sql])
        guard let number = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("psql answered \(output) to \(sql)")
        }
        return number
    }

    /// Runs a program to its end; its output (standard output and error together), or an error
    /// with it. Spawned and waited for by its pid (`Process.waitUntilExit` missed the exit here),
    /// with the output in a temporary file, not a pipe: the server `pg_ctl` starts would hold a
    /// pipe open.
    private static func execute(_ arguments: [String]) throws -> String {
        let log = NSTemporaryDirectory() + "twowayd-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try DaemonProcess.spawn(arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
                                          log: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // Exited (low 7 bits 0) with status 0.
        guard status & 0x7F == 0 && (status >> 8) & 0xFF == 0 else {
            throw BenchError("\(arguments.prefix(3).joined(separator: " ")) failed: \(text.suffix(1_000))")
        }
        return text
    }
}
