import ArgumentParser
import BenchKit

/// Every benchmark in turn, then the figures together; exit status 1 when any figure is FAIL.
struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Runs throughput, memory, startup, outbox and inbox, then prints every figure.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Numbers for the memory benchmark.") var memoryNumbers = 100_000
    @Option(help: "Measured seconds per throughput round.") var duration = 10

    func run() async throws {
        ChildProcesses.installSignalHandlers()
        print(MachineDescription.text)
        var figures: [Figure] = []

        var throughput = try ThroughputBenchmark.parse(["--work-directory", options.workDirectory, "--daemon", options.daemon,
                                                        "--duration", "\(duration)"])
        print("\n== throughput")
        figures += try await throughput.measureAndPrint()

        var memory = try MemoryBenchmark.parse(["--work-directory", options.workDirectory, "--daemon", options.daemon,
                                                "--numbers", "\(memoryNumbers)"])
        print("\n== memory")
        figures += try await memory.measureAndPrint()

        var startup = try StartupBenchmark.parse(["--work-directory", options.workDirectory, "--daemon", options.daemon])
        print("\n== startup")
        figures += try await startup.measureAndPrint()

        var outbox = try OutboxBenchmark.parse(["--work-directory", options.workDirectory, "--daemon", options.daemon])
        print("\n== outbox")
        figures += try await outbox.measureAndPrint()

        var inbox = try InboxBenchmark.parse(["--work-directory", options.workDirectory, "--daemon", options.daemon])
        print("\n== inbox")
        figures += try await inbox.measureAndPrint()

        print("\n== summary (measured / target)")
        Report.print(figures)
        let failed = figures.filter { $0.verdict == .fail }.count
        print("\(figures.filter { $0.verdict == .pass }.count) passed, \(failed) failed")
        options.cleanUp()
        try Report.finish(figures)
    }
}
