import ArgumentParser
import BenchKit

/// `twowayd-bench`: starts the release daemon on temporary state and prints each figure
/// beside its target (`Docs/performance.md`).
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twowayd-bench",
        abstract: "Benchmarks of the twowayd release build, each figure printed as `measured / target`.",
        subcommands: [AllBenchmarks.self, ThroughputBenchmark.self, MemoryBenchmark.self, StartupBenchmark.self,
                      OutboxBenchmark.self, EventStreamBenchmark.self, InboxBenchmark.self,
                      MetricsCostBenchmark.self],
        defaultSubcommand: AllBenchmarks.self)
}
