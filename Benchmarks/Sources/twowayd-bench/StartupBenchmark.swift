import ArgumentParser
import BenchKit
import Foundation
import LoadKit

/// Time from spawn to `READY=1` on a large database (a cached fixture), and how long the first
/// texts from existing numbers take right after (their sessions are loaded from that database).
struct StartupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup", abstract: "Spawn-to-READY=1 time on a database of 1M conversations and 10M messages.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Conversations in the fixture.") var conversations = 1_000_000
    @Option(help: "Messages per conversation in the fixture.") var messagesPerConversation = 10
    @Option(help: "Where the fixture is cached.") var fixtureDirectory = "/tmp/twowayd-bench-fixture"
    @Option(help: "Start-ups measured.") var runs = 5
    @Flag(help: "Drop the page cache before each start (needs root; measures a cold start).") var dropCaches = false

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        let fixture = StartupFixture(root: "\(fixtureDirectory)-\(conversations)x\(messagesPerConversation)",
                                     conversations: conversations, messagesPerConversation: messagesPerConversation)
        try fixture.prepare(daemonBinary: options.daemon) { Report.step($0) }
        let size = (try? FileManager.default.attributesOfItem(atPath: fixture.databasePath)[.size] as? Int) ?? 0
        Report.step("fixture \(fixture.databasePath): \(size / 1_048_576) MiB")

        var times: [Double] = []
        var firstTexts: [LoadSummary] = []
        var coldNote = ""
        for run in 0..<runs {
            if dropCaches { coldNote = Self.dropPageCache() ? " (page cache dropped)" : " (could not drop the page cache)" }
            let directory = try options.scratch("startup-\(run)")
            let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: fixture.stateDirectory,
                                           workDirectory: directory)
            let ready = try daemon.waitReady(timeout: .seconds(60))
            times.append(Format.milliseconds(ready))
            let texts = try await LoadRun.run(
                LoadPlan(mode: .closed, port: daemon.port, connections: 1, warmup: .zero, duration: .seconds(60), maxRequests: 20),
                factory: ExistingNumberRequests(port: daemon.port, conversations: conversations, seed: run))
            firstTexts.append(texts)
            daemon.stop()
            Report.step("start \(run + 1): READY=1 after \(Format.fixed(times.last ?? 0)) ms\(coldNote); first 20 texts from "
                + "existing numbers: p50 \(LoadTable.ms(texts.latencyMilliseconds(50))) ms, max \(LoadTable.ms(texts.maxMilliseconds)) ms"
                + (texts.clean ? "" : " (\(texts.problemsDescription))"))
        }
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2]
        let worstText = firstTexts.map(\.maxMilliseconds).max() ?? 0
        return [
            Figure("start-up to READY=1 (\(conversations) conversations, \(fixture.messages) messages)\(coldNote)",
                   measured: "median \(Format.fixed(median)) ms, max \(Format.fixed(sorted.last ?? 0)) ms over \(runs) starts",
                   target: "<= 1000 ms", pass: (sorted.last ?? .infinity) <= 1_000),
            Figure("first texts after start-up (session loaded from the large database)",
                   measured: "max \(LoadTable.ms(worstText)) ms over \(runs * 20) texts",
                   target: "(context)", pass: nil),
        ]
    }

    /// `sync; echo 3 > /proc/sys/vm/drop_caches`; false when not allowed.
    static func dropPageCache() -> Bool {
        sync()
        return (try? "3\n".write(toFile: "/proc/sys/vm/drop_caches", atomically: false, encoding: .utf8)) != nil
    }
}
