import Histogram

/// What a run measured: throughput, latency percentiles and every kind of failure.
public struct LoadSummary: Sendable {
    public let label: String
    public let plan: LoadPlan
    public let threads: Int
    /// Latency in microseconds of the answers inside the measured window, all shards merged.
    public let histogram: Histogram<UInt64>
    public let windowSeconds: Double
    public let answeredInWindow: Int
    public let answered: Int
    public let sent: Int
    public let statuses: [Int: Int]
    public let non2xx: Int
    public let lost: Int
    public let unanswered: Int
    public let unsent: Int
    public let connectFailures: Int
    public let overloaded: Bool
    /// Requests answered 2xx, when the plan records them.
    public let acknowledged: [LoadRequest]
    /// CPU seconds the client process used during the run (all its threads).
    public let clientCPUSeconds: Double
    /// Wall-clock seconds of the whole run, warm-up and drain included.
    public let elapsedSeconds: Double
    /// CPU seconds the server process used during the whole run, when its pid was given.
    public let serverCPUSeconds: Double?

    init(label: String, plan: LoadPlan, threads: Int, shards: [ShardResult], clientCPUSeconds: Double,
         serverCPUSeconds: Double?, elapsedSeconds: Double) {
        self.label = label
        self.plan = plan
        self.threads = threads
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000,
                                          numberOfSignificantValueDigits: .three)
        var statuses: [Int: Int] = [:]
        for shard in shards {
            histogram.add(shard.histogram)
            statuses.merge(shard.statuses, uniquingKeysWith: +)
        }
        self.histogram = histogram
        self.statuses = statuses
        windowSeconds = Double(shards.map(\.windowNanoseconds).max() ?? 0) / 1e9
        answeredInWindow = shards.reduce(0) { $0 + $1.answeredInWindow }
        answered = shards.reduce(0) { $0 + $1.answered }
        sent = shards.reduce(0) { $0 + $1.sent }
        non2xx = shards.reduce(0) { $0 + $1.non2xx }
        lost = shards.reduce(0) { $0 + $1.lost }
        unanswered = shards.reduce(0) { $0 + $1.unanswered }
        unsent = shards.reduce(0) { $0 + $1.unsent }
        connectFailures = shards.reduce(0) { $0 + $1.connectFailures }
        overloaded = shards.contains { $0.overloaded }
        acknowledged = shards.flatMap(\.acknowledged)
        self.clientCPUSeconds = clientCPUSeconds
        self.elapsedSeconds = elapsedSeconds
        self.serverCPUSeconds = serverCPUSeconds
    }

    /// Share of one core the client used over the run, in percent.
    public var clientCPUPercent: Double {
        elapsedSeconds > 0 ? clientCPUSeconds / elapsedSeconds * 100 : 0
    }

    /// Share of one core the server used over the run, in percent.
    public var serverCPUPercent: Double? {
        serverCPUSeconds.map { elapsedSeconds > 0 ? $0 / elapsedSeconds * 100 : 0 }
    }

    /// Server CPU time per answered request over the whole run, in microseconds.
    public var serverCPUMicrosecondsPerRequest: Double? {
        serverCPUSeconds.map { answered > 0 ? $0 * 1e6 / Double(answered) : 0 }
    }

    /// Answers per second inside the measured window.
    public var throughput: Double {
        windowSeconds > 0 ? Double(answeredInWindow) / windowSeconds : 0
    }

    /// Latency at `percentile` (0-100) in milliseconds.
    public func latencyMilliseconds(_ percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1_000
    }

    public var maxMilliseconds: Double { Double(histogram.max) / 1_000 }

    /// Whether every request in the window got a 2xx and none was lost.
    public var clean: Bool {
        non2xx == 0 && lost == 0 && unanswered == 0 && unsent == 0 && !overloaded
    }

    public var modeDescription: String {
        switch plan.mode {
        case .closed: "closed"
        case .open(let rate): "open@\(Int(rate.rounded()))/s"
        }
    }

    /// One table row: label, loop, connections, req/s, p50, p99, p99.9, max (ms), problems.
    public var row: String {
        let problems = problemsDescription
        return LoadTable.row([
            label, modeDescription, "\(plan.connections)", LoadTable.rate(throughput),
            LoadTable.ms(latencyMilliseconds(50)), LoadTable.ms(latencyMilliseconds(99)),
            LoadTable.ms(latencyMilliseconds(99.9)), LoadTable.ms(maxMilliseconds),
            problems.isEmpty ? "-" : problems,
        ])
    }

    /// Non-2xx statuses, lost and unanswered requests, in words; empty when clean.
    public var problemsDescription: String {
        var parts: [String] = []
        let bad = statuses.filter { !(200..<300).contains($0.key) }.sorted { $0.key < $1.key }
        parts += bad.map { "\($0.value)x\($0.key == 0 ? "no-status" : String($0.key))" }
        if lost > 0 { parts.append("\(lost) lost") }
        if unanswered > 0 { parts.append("\(unanswered) unanswered") }
        if unsent > 0 { parts.append("\(unsent) unsent") }
        if connectFailures > 0 { parts.append("\(connectFailures) connect failures") }
        if overloaded { parts.append("OVERLOADED (backlog > \(plan.maxBacklog))") }
        return parts.joined(separator: ", ")
    }
}
