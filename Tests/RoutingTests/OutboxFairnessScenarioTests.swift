import Foundation
import Testing
import Carrier
import Routing
import TextingCore
import TextingStore

/// Issue 7: queued texts over many sender numbers drain at the paced rate with no number
/// starved, whatever order they were queued in; and the sender reads the outbox only when
/// something may have changed.
@Suite("D2 outbox fairness over sender numbers")
struct OutboxFairnessScenarioTests {
    /// Adds `count` practices with the sandbox pool's numbers 1...count.
    static func addPractices(_ count: Int, to h: RoutingHarness) async throws -> [Practice] {
        var practices: [Practice] = []
        for k in 1...count {
            let number = try #require(SandboxNumberPool.number(at: k))
            practices.append(try await h.router.addPractice(Practice(
                id: PracticeID(0), name: "Practice \(k)", country: .unitedStates, timeZone: h.practice.timeZone,
                practicePhone: try PhoneNumber(parsing: "312-555-0300"), emergencyPhone: try PhoneNumber(parsing: "312-555-0399"),
                textingEnabled: true, number: .assigned(number))))
        }
        return practices
    }

    /// Queues `count` reminders from `practice`'s number (the harness practice's by default) in
    /// one transaction, as a practice's batch of reminders is.
    static func queueBacklog(_ count: Int, in h: RoutingHarness, practice: Practice? = nil, at date: Date) async throws {
        let practice = practice ?? h.practice
        let from = try #require(practice.number.usable)
        let drafts = (0..<count).map { n in
            MessageDraft(direction: .outbound, author: .reminder, body: "Backlog \(n)", inConversation: false,
                         sendFrom: from, createdAt: date)
        }
        _ = try await h.store.commit(SessionBatch(practiceID: practice.id, phone: RoutingHarness.client(0), messages: drafts))
    }

    @Test("each of 20 numbers sends its first text at once, though 1,200 texts of another number were queued first")
    func firstSendOfEveryNumberDoesNotWaitForABacklog() async throws {
        let h = try await RoutingHarness.make()
        let practices = try await Self.addPractices(20, to: h)
        // More rows than the sender's old read (the oldest 1,000 due rows over all numbers).
        try await Self.queueBacklog(1200, in: h, at: h.clock.now())
        for (k, practice) in practices.enumerated() {
            _ = try await h.router.sendReminder(practice: practice.id, phone: RoutingHarness.client(100 + k),
                                                body: "First from practice \(k + 1)")
        }
        let carrier = SandboxCarrier()
        let sender = OutboxSender(store: h.store, carrier: carrier, router: h.router,
                                  configuration: .init(segmentsPerSecond: 10), clock: { h.clock.now() })
        let running = Task { await sender.run() }
        defer { running.cancel() }

        let clients = (0..<20).map { RoutingHarness.client(100 + $0) }
        let started = ContinuousClock.now
        var waiting = clients
        while !waiting.isEmpty, ContinuousClock.now - started < .seconds(20) {
            try await Task.sleep(for: .milliseconds(20))
            var still: [PhoneNumber] = []
            for client in waiting where await carrier.inbox(client).isEmpty { still.append(client) }
            waiting = still
        }
        let waited = ContinuousClock.now - started
        #expect(waiting.isEmpty, "\(waiting.count) of 20 numbers sent nothing in \(waited)")
        // About 0.1 s when the machine is idle; starved behind the backlog it would be 100 s or more.
        #expect(waited < .seconds(6), "the last number's first text came after \(waited)")
        for (k, client) in clients.enumerated() {
            #expect(await carrier.inbox(client).map(\.from) == [SandboxNumberPool.number(at: k + 1)])
        }
        // The backlog's number kept its pace meanwhile (10/s), in the order it was queued.
        let backlog = await carrier.allMessages().filter { $0.from == RoutingHarness.practiceNumber }
        #expect(backlog.count <= 10 * Int(waited / .seconds(1)) + 12)
        #expect(backlog.map(\.body) == (0..<backlog.count).map { "Backlog \($0)" })
    }

    @Test("backlogs of three numbers drain past the sender's window of a number without pauses")
    func backlogsKeepTheirPace() async throws {
        let h = try await RoutingHarness.make()
        let practices = [h.practice] + (try await Self.addPractices(2, to: h))
        for practice in practices { try await Self.queueBacklog(60, in: h, practice: practice, at: h.clock.now()) }
        let carrier = SandboxCarrier()
        // 40 segments/s: a window of 40 rows per number, so each number's 60 rows need a second
        // read, which only its lane asking for it brings (nothing wakes the sender, and the poll
        // is 5 s away).
        let sender = OutboxSender(store: h.store, carrier: carrier, router: h.router,
                                  configuration: .init(segmentsPerSecond: 40), clock: { h.clock.now() })
        #expect(sender.laneCapacity == 40)
        let running = Task { await sender.run() }
        defer { running.cancel() }
        let started = ContinuousClock.now
        while await carrier.allMessages().count < 180, ContinuousClock.now - started < .seconds(20) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - started
        let sent = await carrier.allMessages()
        for practice in practices {
            let number = try #require(practice.number.usable)
            #expect(sent.filter { $0.from == number }.map(\.body) == (0..<60).map { "Backlog \($0)" })
        }
        // 59 slots of 25 ms: 1.5 s at the paced rate; waiting for the 5 s poll instead of the
        // lane's own request would take 5.5 s (the margin is for a loaded CI machine).
        #expect(elapsed < .seconds(4.5), "3 x 60 texts at 40/s per number took \(elapsed)")
    }

    @Test("the sender reads the outbox once when idle and once per 50 ms under a stream of wake-ups")
    func readsOnlyWhenSomethingMayHaveChanged() async throws {
        let h = try await RoutingHarness.make()
        let store = CountingStore(base: h.store)
        let sender = OutboxSender(store: store, carrier: SandboxCarrier(), router: h.router,
                                  configuration: .init(segmentsPerSecond: 10), clock: { h.clock.now() })
        let running = Task { await sender.run() }
        defer { running.cancel() }

        // Its first read comes once it has started (later on a loaded machine); after it, an idle
        // sender reads no more until the poll (5 s) or a wake-up.
        let firstReadBy = ContinuousClock.now.advanced(by: .seconds(10))
        while store.outboxReadCount == 0 && ContinuousClock.now < firstReadBy {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(1500))
        #expect(store.outboxReadCount == 1, "an idle sender read the empty outbox \(store.outboxReadCount) times")

        // 100 wake-ups over about 0.5 s, as texts that each queue a reply bring.
        let before = store.outboxReadCount
        let started = ContinuousClock.now
        for _ in 0..<100 {
            sender.wake()
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(200))
        let elapsed = ContinuousClock.now - started
        let reads = store.outboxReadCount - before
        #expect(reads >= 1)
        #expect(reads <= Int(elapsed / .milliseconds(50)) + 2, "\(reads) reads for 100 wake-ups in \(elapsed)")
    }

    @Test("a retry is sent when it is due, without waiting for the poll")
    func retryIsReadWhenDue() async throws {
        let h = try await RoutingHarness.make()
        // The sandbox throttles the fictional line 555-0129 (retryable) on every other attempt.
        let throttled = try PhoneNumber(parsing: "312-555-0129")
        _ = try await h.store.commit(SessionBatch(practiceID: h.practice.id, phone: throttled, messages: [MessageDraft(
            direction: .outbound, author: .reminder, body: "Checkup due", inConversation: false,
            sendFrom: RoutingHarness.practiceNumber, createdAt: Date())]))
        let carrier = SandboxCarrier()
        let store = CountingStore(base: h.store)
        let sender = OutboxSender(
            store: store, carrier: carrier, router: h.router,
            configuration: .init(segmentsPerSecond: 10, baseRetryDelay: .milliseconds(300), pollInterval: .seconds(30)))
        let running = Task { await sender.run() }
        defer { running.cancel() }

        let started = ContinuousClock.now
        while await carrier.inbox(throttled).isEmpty, ContinuousClock.now - started < .seconds(20) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let waited = ContinuousClock.now - started
        #expect(await carrier.inbox(throttled).map(\.body) == ["Checkup due"])
        // First attempt at once, the retry 0.24-0.36 s later; the bound only has to be far below
        // the 30 s poll (a loaded CI machine running every suite in parallel took 2.2 s).
        #expect(waited < .seconds(10), "the retry went out after \(waited)")
        #expect(store.outboxReadCount <= 5)
    }
}
