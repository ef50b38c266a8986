import Foundation
import Logging
@testable import Routing
import Testing
import TextingCore
@testable import Daemon

@Suite struct SessionReaperTests {
    /// A router (the webhook harness's, over SQLite, with the demo practice) whose sessions are
    /// idle as soon as nothing runs in them.
    static func harness() async throws -> WebhookHarness {
        let harness = try await WebhookHarness.make()
        var configuration = harness.router.configuration
        configuration.sessionIdleTimeout = .zero
        await harness.router.setConfiguration(configuration)
        return harness
    }

    /// One text from a distinct number to the demo practice, which opens a session.
    static func text(_ harness: WebhookHarness, client n: Int) async throws {
        let from = try PhoneNumber(parsing: "+1312555" + String(2000 + n))
        let to = try PhoneNumber(parsing: "+18005551000")
        _ = try await harness.router.dispatch(InboundText(
            from: from, to: to, body: "hello", carrierSID: "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "")))
    }

    /// Polls `condition` every 20 ms for at most `limit`; returns whether it came true.
    static func eventually(within limit: Duration, _ condition: () async -> Bool) async throws -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    @Test("A shorter interval from a reload applies during the current wait, not after it")
    func shorterIntervalAppliesAtOnce() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let interval = Reloadable<Duration>(.seconds(3_600))
        let reaper = SessionReaper(
            router: harness.router, interval: { interval.current }, logger: quietLogger, pollSlice: .milliseconds(50))
        let running = Task { await reaper.run() }
        defer { running.cancel() }

        try await Self.text(harness, client: 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(await harness.router.liveSessionCount == 1)  // the hour has not passed

        interval.replace(with: .milliseconds(100))
        #expect(try await Self.eventually(within: .seconds(5)) { await harness.router.liveSessionCount == 0 })

        running.cancel()
        await running.value  // returns on cancellation
    }

    @Test("A longer interval from a reload postpones the next pass")
    func longerIntervalPostpones() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let interval = Reloadable<Duration>(.milliseconds(100))
        let reaper = SessionReaper(
            router: harness.router, interval: { interval.current }, logger: quietLogger, pollSlice: .milliseconds(50))
        let running = Task { await reaper.run() }
        defer { running.cancel() }

        try await Self.text(harness, client: 1)
        #expect(try await Self.eventually(within: .seconds(5)) { await harness.router.liveSessionCount == 0 })

        interval.replace(with: .seconds(3_600))
        try await Task.sleep(for: .milliseconds(300))  // any pass under way has ended
        try await Self.text(harness, client: 2)
        try await Task.sleep(for: .milliseconds(500))
        #expect(await harness.router.liveSessionCount == 1)
    }

    @Test("A pass that drops many sessions trims the heap and logs memory_trimmed at info")
    func trimAfterLargeEviction() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let logs = LogCapture()
        let reaper = SessionReaper(
            router: harness.router, interval: { .seconds(60) }, logger: logs.logger(), trimMinimum: 3)
        for n in 0..<3 { try await Self.text(harness, client: n) }

        await reaper.reapOnce()
        #expect(await harness.router.liveSessionCount == 0)
        let trimmed = try #require(logs.events("memory_trimmed").first)
        #expect(trimmed.level == .info)
        #expect(trimmed.metadata["evicted"] == "3")
        #expect(trimmed.metadata["live_sessions"] == "0")
        #expect(trimmed.metadata["duration_ms"] != nil)
        #expect(logs.events("sessions_evicted").first?.metadata["count"] == "3")
    }

    @Test("A pass that drops a few sessions does not trim")
    func noTrimAfterSmallEviction() async throws {
        let harness = try await Self.harness()
        defer { harness.directory.remove() }
        let logs = LogCapture()
        let reaper = SessionReaper(router: harness.router, interval: { .seconds(60) }, logger: logs.logger())
        for n in 0..<3 { try await Self.text(harness, client: n) }

        await reaper.reapOnce()
        #expect(await harness.router.liveSessionCount == 0)
        #expect(logs.events("sessions_evicted").first?.metadata["count"] == "3")
        #expect(logs.events("memory_trimmed").isEmpty)
    }

    @Test("When a pass is worth a trim", arguments: [
        (0, 0, false), (5, 0, false), (99, 0, false),  // a handful, even if it was every session
        (100, 300, true), (100, 301, false),  // 100 or more that were a quarter of the sessions
        (999, 1_000_000, false), (1_000, 1_000_000, true), (1_000_000, 0, true),
    ])
    func trimThreshold(evicted: Int, remaining: Int, trims: Bool) {
        #expect(SessionReaper.shouldTrim(evicted: evicted, remaining: remaining, minimum: 1_000) == trims)
    }
}
