import ArgumentParser
import BenchKit
import Foundation
import LoadKit

/// 10,000 queued texts over 100 sender numbers: does each number send at the paced rate, and
/// does every number get its turn?
struct OutboxBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Outbox drain: per-number pacing and fairness over many sender numbers.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Sender (practice) numbers.") var senders = 100
    @Option(help: "Queued texts per sender.") var perSender = 100
    @Option(help: "outbox.segmentsPerSecond for the interleaved run (the shipped default is 3).") var rate = 3.0
    @Option(help: """
        outbox.segmentsPerSecond for the grouped run (the shipped 3 by default; 30 also stresses the \
        sender at 3,000 texts/s in all, which 2 cores reach only when nothing else runs).
        """) var groupedRate = 3.0
    @Option(help: "Orders to run: interleaved, grouped.") var orders: [String] = ["interleaved", "grouped"]

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        var figures: [Figure] = []
        for name in orders {
            guard let order = OutboxFixture.Order(rawValue: name) else { throw BenchError("unknown order \(name)") }
            figures += try drain(order, rate: order == .interleaved ? rate : groupedRate)
        }
        return figures
    }

    private func drain(_ order: OutboxFixture.Order, rate: Double) throws -> [Figure] {
        let directory = try options.scratch("outbox-\(order.rawValue)")
        let fixture = OutboxFixture(senders: senders, perSender: perSender, order: order)
        try fixture.prepare(stateDirectory: "\(directory)/state", workDirectory: directory, daemonBinary: options.daemon)
        var settings = DaemonSettings()
        settings.segmentsPerSecond = rate
        settings.logLevel = "notice"
        let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/state",
                                       workDirectory: directory, settings: settings)
        defer { daemon.stop() }
        try daemon.waitReady()
        let start = ContinuousClock.now
        let ideal = Double(perSender) / rate
        let timeout = Duration.seconds(Int(ideal * 3 + 30))
        Report.step("\(order.rawValue): \(senders * perSender) queued texts over \(senders) numbers at \(Format.fixed(rate)) "
            + "segments/s per number (ideal \(Format.fixed(ideal)) s each, all in parallel); watching up to \(timeout)")
        let progress = try OutboxProgress.watch(
            databasePath: "\(directory)/state/twowayd.sqlite", senders: fixture.senderNumbers, perSender: perSender,
            start: start, timeout: timeout)
        let cpu = daemon.cpuSeconds() ?? 0
        daemon.stop()

        let completions = progress.senders.compactMap(\.allDone).sorted()
        let firsts = progress.senders.compactMap(\.firstDone).sorted()
        let starved = progress.senders.filter { $0.done == 0 }.count
        let unfinished = progress.senders.filter { $0.allDone == nil }.count
        // Pacing rate of a number: its texts after the first, over the time they took.
        let rates = progress.senders.compactMap { sender -> Double? in
            guard let first = sender.firstDone, let last = sender.allDone, last > first else { return nil }
            return Double(perSender - 1) / (last - first)
        }.sorted()
        let minRate = rates.first ?? 0
        let maxRate = rates.last ?? 0
        let slowest = completions.last ?? progress.elapsed
        let fastest = completions.first ?? progress.elapsed
        let fair = unfinished == 0 && slowest <= fastest * 1.25 + 2
        let paced = !rates.isEmpty && minRate >= rate * 0.9 && maxRate <= rate * 1.1
        Report.step("\(order.rawValue): first text per number after \(Format.fixed(firsts.first ?? 0))-\(Format.fixed(firsts.last ?? 0)) s; "
            + "\(completions.count)/\(senders) numbers done after \(Format.fixed(progress.elapsed)) s; daemon CPU \(Format.fixed(cpu)) s")
        if completions.count > 1 {
            let median = completions[completions.count / 2]
            Report.step("\(order.rawValue): completion per number min \(Format.fixed(fastest)) s, median \(Format.fixed(median)) s, "
                + "max \(Format.fixed(slowest)) s")
        }
        return [
            Figure("outbox \(order.rawValue), \(senders)x\(perSender) at \(Format.fixed(rate))/s: rate per number",
                   measured: rates.isEmpty ? "no number finished"
                       : "\(Format.fixed(minRate, 2))-\(Format.fixed(maxRate, 2)) texts/s",
                   target: "\(Format.fixed(rate * 0.9, 2))-\(Format.fixed(rate * 1.1, 2)) (paced at \(Format.fixed(rate)))", pass: paced),
            Figure("outbox \(order.rawValue): per-number completion",
                   measured: "min \(Format.fixed(fastest)) s / max \(Format.fixed(slowest)) s"
                       + (unfinished > 0 ? " (\(unfinished) numbers unfinished at \(Format.fixed(progress.elapsed)) s, \(starved) with nothing sent)" : ""),
                   target: "all within ~\(Format.fixed(ideal + 2)) s, max <= 1.25 x min (no number starved)", pass: fair),
        ]
    }
}
