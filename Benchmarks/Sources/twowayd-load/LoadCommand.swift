import ArgumentParser
import LoadKit

/// `twowayd-load`: inbound-text webhooks against a running daemon, measured beside the
/// daemon's `GET /health` in the same run so the result reads as a ratio.
@main
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twowayd-load",
        abstract: "Sends Twilio-style inbound-SMS webhooks to twowayd (loopback only) and reports throughput and latency.",
        discussion: """
            Without --rate: closed loop, each connection sends its next request when the previous one is answered.
            With --rate: open loop at that many requests per second; latency counts from when a request was due.
            Unless --no-baseline, the same load is first sent as GET /health and the ratio is printed.
            """)

    @Option(help: "Daemon address (loopback only).") var host = "127.0.0.1"
    @Option(help: "Daemon HTTP port.") var port = 8080
    @Option(help: "Keep-alive connections.") var connections = 32
    @Option(help: "Client event-loop threads.") var threads = 1
    @Option(help: "Measured seconds per route.") var duration = 10.0
    @Option(help: "Warm-up seconds per route (not measured).") var warmup = 2.0
    @Option(help: "Open loop at this many requests per second (default: closed loop).") var rate: Double?
    @Option(help: "Distinct client (From) numbers cycled through.") var numbers = 10_000
    @Option(help: "Stop after this many webhooks (closed loop).") var requests: Int?
    @Option(name: .customLong("practice-number"), help: "A practice texting number (To); repeat for several.")
    var practiceNumbers: [String] = [PracticeNumbers.demo]
    @Option(help: "Sign webhooks with this Twilio auth token (for carrier.kind twilio).") var authToken: String?
    @Option(help: "The daemon's http.publicURL, for signatures (default http://HOST:PORT).") var publicURL: String?
    @Flag(help: "Skip the GET /health baseline.") var noBaseline = false
    @Option(help: "The daemon's process id, to report its CPU time per request.") var pid: Int32?

    func run() async throws {
        let clients = ClientNumbers(count: numbers)
        let signing = authToken.map { (publicURL: publicURL ?? "http://\(host):\(port)", signer: TwilioSigner(authToken: $0)) }
        let inbound = InboundTextRequests(host: host, port: port, clients: clients, practiceNumbers: practiceNumbers,
                                          signing: signing)
        let mode: LoadPlan.Mode = rate.map { .open(ratePerSecond: $0) } ?? .closed
        let plan = LoadPlan(mode: mode, host: host, port: port, connections: connections, threads: threads,
                            warmup: .milliseconds(Int(warmup * 1000)), duration: .milliseconds(Int(duration * 1000)),
                            maxRequests: requests)
        print(LoadTable.header)
        var baseline: LoadSummary?
        if !noBaseline {
            var healthPlan = plan
            healthPlan.maxRequests = nil
            let summary = try await LoadRun.run(healthPlan, factory: HealthRequests(host: host, port: port), serverPID: pid)
            print(summary.row)
            printCPU(summary)
            baseline = summary
        }
        let summary = try await LoadRun.run(plan, factory: inbound, serverPID: pid)
        print(summary.row)
        printCPU(summary)
        if let baseline, baseline.throughput > 0 {
            print("ratio webhook/baseline: throughput \(LoadTable.ms(summary.throughput / baseline.throughput)), "
                + "p99 \(LoadTable.ms(summary.latencyMilliseconds(99) / max(baseline.latencyMilliseconds(99), 0.001)))")
        }
        if !summary.clean { throw ExitCode(1) }
    }

    private func printCPU(_ summary: LoadSummary) {
        var line = "  \(summary.label): client CPU \(Int(summary.clientCPUPercent.rounded()))% of a core"
        if let server = summary.serverCPUPercent, let perRequest = summary.serverCPUMicrosecondsPerRequest {
            line += ", daemon CPU \(Int(server.rounded()))% (\(Int(perRequest.rounded())) µs per request)"
        }
        print(line)
    }
}
