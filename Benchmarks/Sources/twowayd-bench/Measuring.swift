import BenchKit

/// A benchmark that can run inside ``AllBenchmarks``.
protocol Measuring {
    func measure() async throws -> [Figure]
}

extension Measuring {
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
