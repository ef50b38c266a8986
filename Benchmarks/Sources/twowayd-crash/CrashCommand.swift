import ArgumentParser
import BenchKit
import Foundation
import LoadKit

/// `twowayd-crash`: `kill -9` the daemon under webhook load at random moments, restart it, and
/// check after every crash that each MessageSid answered 2xx is stored exactly once, that no
/// outbox row was lost and that SQLite's integrity check passes; after the last crash, a clean
/// start must drain the outbox and bring every message it sends to a final delivery state.
@main
struct CrashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twowayd-crash",
        abstract: "kill -9 under load, restart, check durability invariants; prints `N passed, M failed`.")

    /// `<repository>/.build/release/twowayd`, found from this file's place in the checkout.
    static var defaultDaemon: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/release/twowayd").path
    }

    @Option(help: "The daemon binary.") var daemon = CrashCommand.defaultDaemon
    @Option(help: "Crash cycles.") var cycles = 50
    @Option(help: "Stop starting cycles after this many seconds (the run fails if not all cycles ran).") var timeLimit = 300
    @Option(help: "Keep-alive connections of the load.") var connections = 16
    @Option(help: "Distinct client numbers (few, so numbers text repeatedly and the bot replies).") var numbers = 2_000
    @Option(help: "Shortest time under load before the kill, in milliseconds.") var minimumDelay = 100
    @Option(help: "Longest time under load before the kill, in milliseconds.") var maximumDelay = 1_500
    @Option(help: "Random seed (default: random).") var seed: UInt64?
    @Option(help: "Seconds the final start may take to drain the outbox and see its sends reach a final state.")
    var drainTimeout = 60
    @Option(help: "Scratch directory (emptied first).") var workDirectory = "/tmp/twowayd-crash"
    @Flag(help: "Keep the scratch directory afterwards.") var keep = false

    func run() async throws {
        ChildProcesses.installSignalHandlers()
        try? FileManager.default.removeItem(atPath: workDirectory)
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let stateDirectory = "\(workDirectory)/state"
        let databasePath = "\(stateDirectory)/twowayd.sqlite"
        let port = try FreePort.pick()
        var settings = DaemonSettings()
        settings.logLevel = "notice"
        settings.segmentsPerSecond = 200  // outbox rows move through sending/done while the crashes happen
        let seed = self.seed ?? UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        print("twowayd-crash: \(cycles) cycles, \(connections) connections, kill after \(minimumDelay)-\(maximumDelay) ms, seed \(seed)")

        let deadline = ContinuousClock.now + .seconds(timeLimit)
        var invariants = CrashInvariants()
        var acknowledged = Set<String>()
        var resendPool = ResendPool(capacity: 2_000)
        var passed = 0
        var failed = 0
        var cycle = 0
        while cycle < cycles {
            cycle += 1
            if ContinuousClock.now >= deadline {
                print("cycle \(cycle): not run, the time limit of \(timeLimit) s is reached")
                failed += cycles - cycle + 1
                break
            }
            let outcome = try await crashCycle(
                cycle, port: port, settings: settings, stateDirectory: stateDirectory,
                delay: .milliseconds(Int(random.next() % UInt64(max(1, maximumDelay - minimumDelay + 1))) + minimumDelay),
                resend: resendPool.sample)
            acknowledged.formUnion(outcome.acknowledged.compactMap(\.messageSID))
            for request in outcome.acknowledged { resendPool.offer(request, random: &random) }
            var problems = outcome.problems
            problems += try invariants.check(databasePath: databasePath, acknowledged: acknowledged)
            let line = "cycle \(cycle): killed after \(outcome.delayMilliseconds) ms under load; \(outcome.acknowledged.count) acknowledged "
                + "(\(outcome.resent) resent duplicates), \(outcome.lost) in flight at the kill; stored inbound \(invariants.storedInbound) "
                + ">= acknowledged \(acknowledged.count); outbox: \(invariants.outboxDescription)"
            if problems.isEmpty {
                passed += 1
                print(line + " -> ok")
            } else {
                failed += 1
                print(line + " -> FAILED: " + problems.joined(separator: "; "))
            }
        }

        // A last clean start: the daemon must come up on what the crashes left, drain the outbox
        // (D2: every row resumed and sent or failed, every message it sent reaching a final
        // delivery state) and stop cleanly (checkpointing the WAL).
        // It sends faster than the crashed lives did (pacing is not what this checks), so a long
        // run's backlog drains within the timeout.
        let awaiting = try CrashInvariants.unsentOutbound(databasePath: databasePath)
        var finalSettings = settings
        finalSettings.segmentsPerSecond = 1_000  // the most the configuration allows
        let final = try DaemonProcess(binary: daemon, stateDirectory: stateDirectory, workDirectory: workDirectory,
                                      name: "final", port: port, settings: finalSettings)
        var finalProblems: [String] = []
        let drainStarted = ContinuousClock.now
        do {
            try final.waitReady(timeout: .seconds(30))
            finalProblems += try await CrashInvariants.drainProblems(
                databasePath: databasePath, awaiting: awaiting, timeout: .seconds(drainTimeout))
        } catch {
            finalProblems.append("\(error)")
        }
        let drained = Format.milliseconds(ContinuousClock.now - drainStarted) / 1000
        final.stop()
        if !final.exitedCleanly { finalProblems.append("the final daemon did not stop cleanly:\n\(final.logTail())") }
        finalProblems += try invariants.check(databasePath: databasePath, acknowledged: acknowledged)
        if finalProblems.isEmpty {
            passed += 1
            print("final clean restart, outbox drained in \(String(format: "%.1f", drained)) s (\(awaiting.count) unsent "
                + "messages sent and final), clean stop: ok; outbox: \(invariants.outboxDescription)")
        } else {
            failed += 1
            print("final clean restart and stop: FAILED: " + finalProblems.joined(separator: "; "))
        }
        if !keep && failed == 0 { try? FileManager.default.removeItem(atPath: workDirectory) }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    /// What one cycle observed.
    struct CycleOutcome {
        var acknowledged: [LoadRequest]
        var resent: Int
        var lost: Int
        var delayMilliseconds: Int
        var problems: [String]
    }

    /// Starts the daemon, loads it for `delay`, kills it with SIGKILL.
    private func crashCycle(
        _ cycle: Int, port: Int, settings: DaemonSettings, stateDirectory: String, delay: Duration, resend: [LoadRequest]
    ) async throws -> CycleOutcome {
        let process = try DaemonProcess(binary: daemon, stateDirectory: stateDirectory, workDirectory: workDirectory,
                                        name: "cycle", port: port, settings: settings)
        do {
            try process.waitReady(timeout: .seconds(30))
        } catch {
            process.kill9()
            return CycleOutcome(acknowledged: [], resent: 0, lost: 0, delayMilliseconds: 0, problems: ["no start: \(error)"])
        }
        let factory = CrashRequests(port: port, clients: ClientNumbers(count: numbers), cycle: cycle, resend: resend)
        let plan = LoadPlan(mode: .closed, port: port, connections: connections, warmup: .zero, duration: .seconds(60),
                            drainTimeout: .seconds(5), reconnect: false, recordAcknowledged: true)
        let load = Task { try await LoadRun.run(plan, factory: factory) }
        try await Task.sleep(for: delay)
        process.kill9()
        let summary = try await load.value
        var problems: [String] = []
        let unexpected = summary.statuses.filter { !(200..<300).contains($0.key) }
        if !unexpected.isEmpty { problems.append("non-2xx answers before the kill: \(unexpected)") }
        let resent = summary.acknowledged.filter { request in
            request.messageSID.map { factory.resentSIDs.contains($0) } ?? false
        }.count
        return CycleOutcome(acknowledged: summary.acknowledged, resent: resent, lost: summary.lost + summary.unanswered,
                            delayMilliseconds: Int(Format.milliseconds(delay)), problems: problems)
    }
}
