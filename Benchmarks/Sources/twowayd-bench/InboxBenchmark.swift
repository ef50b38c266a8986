import ArgumentParser
import BenchKit
import Foundation
import LoadKit

/// The staff inbox at scale (issue 12): the conversation list's first page, a page deep in the
/// list and a thread page, each timed over many requests against the release daemon on a
/// practice with 10,000 conversations and 1,000,000 messages (a cached fixture), beside the
/// cheapest authenticated route (`GET /api/v1/session`) as the baseline of the same run.
struct InboxBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Conversation list and thread latency (p50/p99) on one practice with 10,000 conversations, 1M messages.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Conversations in the practice.") var conversations = 10_000
    @Option(help: "Messages per conversation.") var messagesPerConversation = 100
    @Option(help: "Where the fixture is cached.") var fixtureDirectory = "/tmp/twowayd-bench-inbox"
    @Option(help: "Timed requests per kind.") var requests = 500
    @Option(help: "Untimed requests per kind before timing.") var warmupRequests = 50
    @Option(help: "Pages of 50 walked to reach the deep list page.") var deepPages = 100
    @Option(help: "Concurrent connections in the second, concurrent round (0 skips it).") var concurrency = 8

    /// The target of issue 12 for the list and the thread.
    static let targetMilliseconds = 50.0

    func run() async throws { try await runAlone() }

    func measure() async throws -> [Figure] {
        let fixture = InboxFixture(root: "\(fixtureDirectory)-\(conversations)x\(messagesPerConversation)",
                                   conversations: conversations, messagesPerConversation: messagesPerConversation)
        try fixture.prepare(daemonBinary: options.daemon) { Report.step($0) }
        let size = (try? FileManager.default.attributesOfItem(atPath: fixture.databasePath)[.size] as? Int) ?? 0
        Report.step("fixture \(fixture.databasePath): \(size / 1_048_576) MiB")

        // The run works on a copy: signing in writes an account and a session into the database.
        let directory = try options.scratch("inbox")
        try FileManager.default.copyItem(atPath: fixture.stateDirectory, toPath: "\(directory)/state")
        var settings = DaemonSettings()
        let apiPort = try FreePort.pick()
        settings.apiPort = apiPort
        let daemon = try DaemonProcess(binary: options.daemon, stateDirectory: "\(directory)/state",
                                       workDirectory: directory, settings: settings)
        defer { daemon.stop() }
        try daemon.waitReady(timeout: .seconds(120))
        let cookie = try StaffSignIn.session(
            daemon: daemon, controlTool: StaffSignIn.controlTool(besideDaemon: options.daemon), apiPort: apiPort)

        // The deep page's cursor and the threads to read, found by walking the list (untimed).
        var cursor: String?
        var threadIDs: [Int64] = []
        for _ in 0..<deepPages {
            let page = try Self.getJSON("/api/v1/conversations?limit=50" + (cursor.map { "&after=\($0)" } ?? ""),
                                        port: apiPort, cookie: cookie)
            let rows = page["conversations"] as? [[String: Any]] ?? []
            threadIDs += rows.compactMap { $0["id"] as? Int64 }
            guard let next = page["nextCursor"] as? String else { break }
            cursor = next
        }
        guard let deepCursor = cursor, !threadIDs.isEmpty else {
            throw BenchError("the list ended before page \(deepPages); is the fixture complete?")
        }
        let thread = try Self.getJSON("/api/v1/conversations/\(threadIDs[0])", port: apiPort, cookie: cookie)
        let threadLength = (thread["messages"] as? [Any])?.count ?? 0
        Report.step("daemon pid \(daemon.pid), API on \(apiPort); deep page = after \(deepPages) pages of 50 "
            + "(rows \(deepPages * 50 + 1)-\(deepPages * 50 + 50)); threads of \(threadIDs.count) conversations, "
            + "\(threadLength) messages a page")

        // Threads are read in a shuffled order, so each request finds a thread not read just before.
        var generator = SystemRandomNumberGenerator()
        let threadPaths = threadIDs.shuffled(using: &generator).map { "/api/v1/conversations/\($0)" }
        let kinds: [(name: String, paths: [String], target: Bool)] = [
            ("GET /api/v1/session (baseline)", ["/api/v1/session"], false),
            ("conversation list, first page (50 rows)", ["/api/v1/conversations"], true),
            ("conversation list, deep page (rows \(deepPages * 50 + 1)+)", ["/api/v1/conversations?after=\(deepCursor)"], true),
            ("thread page (newest \(threadLength) messages)", threadPaths, true),
        ]

        var figures: [Figure] = []
        print(LoadTable.header)
        for connections in [1, concurrency] where connections > 0 {
            for kind in kinds {
                let factory = StaffAPIRequests(label: kind.name, port: apiPort, cookie: cookie, paths: kind.paths)
                func plan(_ count: Int) -> LoadPlan {
                    LoadPlan(mode: .closed, port: apiPort, connections: connections, threads: 1, warmup: .zero,
                             duration: .seconds(300), maxRequests: count)
                }
                _ = try await LoadRun.run(plan(warmupRequests), factory: factory, serverPID: daemon.pid)
                let summary = try await LoadRun.run(plan(requests), factory: factory, serverPID: daemon.pid)
                print(summary.row + "  [\(connections) connection\(connections == 1 ? "" : "s")]")
                let p50 = summary.latencyMilliseconds(50)
                let p99 = summary.latencyMilliseconds(99)
                let clean = summary.clean && summary.answered == requests
                let measured = "p50 \(LoadTable.ms(p50)) ms, p99 \(LoadTable.ms(p99)) ms, max \(LoadTable.ms(summary.maxMilliseconds)) ms "
                    + "over \(summary.answered) requests" + (clean ? "" : " (\(summary.problemsDescription))")
                let name = "\(kind.name), \(connections) connection\(connections == 1 ? "" : "s")"
                if kind.target && connections == 1 {
                    figures.append(Figure(name, measured: measured, target: "p99 <= \(Int(Self.targetMilliseconds)) ms",
                                          pass: clean && p99 <= Self.targetMilliseconds))
                } else {
                    figures.append(Figure(name, measured: measured, target: "(context)", pass: clean ? nil : false))
                }
            }
        }
        return figures
    }

    /// One untimed `GET` as the signed-in account, its JSON body.
    static func getJSON(_ path: String, port: Int, cookie: String) throws -> [String: Any] {
        let answer = try RawHTTP.exchange(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: twowayd_session=\(cookie)\r\nConnection: close\r\n\r\n",
            port: port)
        guard answer.hasPrefix("HTTP/1.1 200"), let split = answer.range(of: "\r\n\r\n") else {
            throw BenchError("GET \(path) answered: \(answer.prefix(300))")
        }
        var body = String(answer[split.upperBound...])
        if answer[..<split.lowerBound].lowercased().contains("transfer-encoding: chunked") { body = Self.unchunked(body) }
        guard let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw BenchError("GET \(path) answered no JSON object")
        }
        return json
    }

    /// The payload of a chunked body.
    static func unchunked(_ body: String) -> String {
        var rest = Substring(body)
        var payload = ""
        while let line = rest.range(of: "\r\n"), let size = Int(rest[..<line.lowerBound], radix: 16), size > 0 {
            let start = line.upperBound
            let utf8 = rest.utf8
            guard let end = utf8.index(start, offsetBy: size, limitedBy: utf8.endIndex) else { break }
            payload += String(rest[start..<end])
            rest = rest[end...].dropFirst(2)
        }
        return payload
    }
}

extension InboxBenchmark: Measuring {}
