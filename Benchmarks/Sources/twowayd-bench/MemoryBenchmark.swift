import ArgumentParser
import BenchKit
import Foundation
import LoadKit

/// Memory per live phone session: `numbers` distinct numbers text once each over HTTP; the
/// daemon's RSS before and after gives the cost per number. Then the idle timeout is lowered by
/// a reload (SIGHUP) so the reaper drops every session, and the RSS is read again.
struct MemoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "RSS per number with live sessions, and after idle eviction.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Distinct numbers that text once (the target speaks of 1,000,000).") var numbers = 100_000
    @Option(help: "Keep-alive connections.") var connections = 32
    @Option(help: "Seconds the texts may take at most.") var timeLimit = 1_800
    @Option(help: "sessions.reapIntervalSeconds while the sessions are live.") var reapInterval = 10
    @Flag(inversion: .prefixedNo, help: "After the eviction, send the same number of new numbers again and read the RSS.")
    var secondWave = true

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        let directory = try options.scratch("memory")
        var settings = DaemonSettings()
        settings.idleTimeoutSeconds = 604_800
        // The reaper applies the reloaded interval below within a second, whatever this is.
        settings.reapIntervalSeconds = reapInterval
        let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/state",
                                       workDirectory: directory, settings: settings)
        defer { daemon.stop() }
        try daemon.waitReady()
        Report.step("daemon pid \(daemon.pid); \(numbers) numbers, \(connections) connections")

        // Warm the process up (allocator arenas, metadata caches, statement caches) with numbers
        // outside the measured range, then take the reference reading.
        let warm = ClientNumbers(count: 2_000, offset: 60_000_000)
        _ = try await LoadRun.run(texts(warm, port: daemon.port), factory: InboundTextRequests(
            host: "127.0.0.1", port: daemon.port, clients: warm), serverPID: daemon.pid)
        try await Task.sleep(for: .seconds(2))
        guard let before = daemon.memory() else { throw BenchError("cannot read /proc/\(daemon.pid)/status") }

        let clients = ClientNumbers(count: numbers)
        let load = try await LoadRun.run(texts(clients, port: daemon.port), factory: InboundTextRequests(
            host: "127.0.0.1", port: daemon.port, clients: clients), serverPID: daemon.pid)
        Report.step("\(load.answered) texts from distinct numbers in \(Format.fixed(load.elapsedSeconds)) s "
            + "(\(Int(load.throughput)) req/s; \(load.problemsDescription.isEmpty ? "all 2xx" : load.problemsDescription))")
        // The status line (live sessions) is refreshed every 5 s; wait for one sent after the load.
        var liveSessions = -1
        let settle = ContinuousClock.now
        while ContinuousClock.now - settle < .seconds(20) {
            try await Task.sleep(for: .seconds(1))
            liveSessions = daemon.liveSessions() ?? -1
            if liveSessions >= numbers && ContinuousClock.now - settle >= .seconds(6) { break }
        }
        guard let live = daemon.memory() else { throw BenchError("the daemon is gone:\n\(daemon.logTail())") }
        Report.step("live sessions \(liveSessions); RSS \(MemoryReading.mebibytes(before.residentKiB)) -> "
            + "\(MemoryReading.mebibytes(live.residentKiB)) (anonymous \(MemoryReading.mebibytes(before.anonymousKiB)) -> "
            + "\(MemoryReading.mebibytes(live.anonymousKiB)))")

        var evicting = settings
        evicting.idleTimeoutSeconds = 1
        evicting.reapIntervalSeconds = 1
        try daemon.reload(evicting)
        let evictionStart = ContinuousClock.now
        var remaining = liveSessions
        while ContinuousClock.now - evictionStart < .seconds(300) {
            try await Task.sleep(for: .seconds(1))
            remaining = daemon.liveSessions() ?? remaining
            if remaining == 0 { break }
        }
        let evictionSeconds = Format.seconds(.now - evictionStart)
        guard let atEviction = daemon.memory() else { throw BenchError("the daemon is gone:\n\(daemon.logTail())") }
        // The reaper's malloc_trim hands the freed heap back at once, and the daemon's ongoing
        // work (outbox sender, status line) faults a few MiB of it in again over the next
        // seconds; flatness is judged from 5 s after the eviction on.
        try await Task.sleep(for: .seconds(5))
        guard let evicted = daemon.memory() else { throw BenchError("the daemon is gone:\n\(daemon.logTail())") }
        try await Task.sleep(for: .seconds(10))
        guard let settled = daemon.memory() else { throw BenchError("the daemon is gone:\n\(daemon.logTail())") }
        Report.step("after reload to idleTimeoutSeconds=1: \(remaining) live sessions after \(Format.fixed(evictionSeconds)) s; "
            + "RSS \(MemoryReading.mebibytes(atEviction.residentKiB)), 5 s later \(MemoryReading.mebibytes(evicted.residentKiB)), "
            + "10 s after that \(MemoryReading.mebibytes(settled.residentKiB)) "
            + "(anonymous \(MemoryReading.mebibytes(settled.anonymousKiB))); peak \(MemoryReading.mebibytes(settled.peakResidentKiB))")
        // A second wave of as many new numbers: if the freed memory is reused, RSS hardly grows.
        var secondWaveNote = "not run"
        if secondWave {
            var lasting = evicting
            lasting.idleTimeoutSeconds = 604_800
            try daemon.reload(lasting)
            try await Task.sleep(for: .seconds(2))
            let wave = ClientNumbers(count: numbers, offset: 30_000_000)
            let again = try await LoadRun.run(texts(wave, port: daemon.port), factory: InboundTextRequests(
                host: "127.0.0.1", port: daemon.port, clients: wave), serverPID: daemon.pid)
            try await Task.sleep(for: .seconds(3))
            if let after = daemon.memory() {
                secondWaveNote = "\(again.answered) new numbers after the eviction: RSS \(MemoryReading.mebibytes(after.residentKiB)) "
                    + "(+\(MemoryReading.mebibytes(after.residentKiB - settled.residentKiB)) over the evicted state, "
                    + "first wave +\(MemoryReading.mebibytes(live.residentKiB - before.residentKiB)))"
                Report.step("second wave: " + secondWaveNote)
            }
        }
        daemon.stop()

        let perNumber = Double(live.residentKiB - before.residentKiB) * 1_024 / Double(max(load.answered, 1))
        let growthKiB = live.residentKiB - before.residentKiB
        let leftKiB = settled.residentKiB - before.residentKiB
        let flat = abs(settled.residentKiB - evicted.residentKiB) <= 2_048
        let small = leftKiB <= max(16_384, growthKiB / 10)
        let millionSeconds = load.elapsedSeconds / Double(max(load.answered, 1)) * 1_000_000
        return [
            Figure("memory per number with live sessions (\(numbers) numbers over HTTP)",
                   measured: "\(Int(perNumber.rounded())) B/number (RSS +\(MemoryReading.mebibytes(growthKiB)))",
                   target: "<= 1024 B/number", pass: perNumber <= 1_024 && load.clean),
            Figure("after idle eviction (\(remaining) sessions left)",
                   measured: "RSS \(MemoryReading.mebibytes(settled.residentKiB)), +\(MemoryReading.mebibytes(leftKiB)) over the "
                       + "pre-load \(MemoryReading.mebibytes(before.residentKiB)) (\(Int(Double(leftKiB) / Double(max(growthKiB, 1)) * 100))% "
                       + "of the growth kept), \(flat ? "flat" : "still moving") from 5 to 15 s after the eviction",
                   target: "back to <= pre-load + max(16 MiB, 10% of the growth), flat", pass: remaining == 0 && small && flat),
            Figure("memory reused after eviction (second wave)", measured: secondWaveNote,
                   target: "(context: growth far below the first wave means freed memory is reused, not leaked)",
                   pass: nil),
            Figure("time for the texts", measured: "\(Format.fixed(load.elapsedSeconds)) s for \(load.answered); 1,000,000 would take "
                       + "about \(Int(millionSeconds / 60)) min at this rate",
                   target: "(context)", pass: nil),
        ]
    }

    /// Closed loop over `clients`, each number texting once.
    private func texts(_ clients: ClientNumbers, port: Int) -> LoadPlan {
        LoadPlan(mode: .closed, port: port, connections: connections, warmup: .zero,
                 duration: .seconds(timeLimit), maxRequests: clients.count)
    }
}
