import BenchKit

/// A benchmark that can run inside ``AllBenchmarks``.
protocol Measuring {
    var options: BenchOptions { get }
    func measure() async throws -> [Figure]
}

extension Measuring {
    /// A subcommand's whole run: signal handlers that stop the daemons it starts, the machine's
    /// description, the figures, the scratch directory removed (unless `--keep`), and exit
    /// status 1 when a figure is FAIL.
    func runAlone() async throws {
        ChildProcesses.installSignalHandlers()
        print(MachineDescription.text)
        let figures = try await measure()
        Report.print(figures)
        options.cleanUp()
        try Report.finish(figures)
    }

    /// Measures and prints the figures at once.
    mutating func measureAndPrint() async throws -> [Figure] {
        let figures = try await measure()
        Report.print(figures)
        return figures
    }
}

extension ThroughputBenchmark: Measuring {}
extension MemoryBenchmark: Measuring {}
extension StartupBenchmark: Measuring {}
extension OutboxBenchmark: Measuring {}
