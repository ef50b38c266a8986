import Foundation
import Logging
import Carrier
import TextingCore
import TextingStore

/// Drains the durable outbox into the carrier (D2).
///
/// A row is marked `sending` before the carrier is called, and `done` or `failed` after, so a
/// restart resumes every row that was not confirmed. A row whose request reached the carrier
/// just before a crash is sent again after the restart (at-least-once); the window is the time
/// between the carrier's answer and the commit of `done`. Each sender number is paced on its
/// own, so one busy practice does not hold up another.
public actor OutboxSender {
    /// How the sender paces and retries.
    public struct Configuration: Sendable {
        /// Message segments per second per sender number (toll-free default 3).
        public var segmentsPerSecond: Double
        /// Retry delays grow as `baseRetryDelay * 2^attempt`, capped at `maxRetryDelay`, with jitter.
        public var baseRetryDelay: Duration
        public var maxRetryDelay: Duration
        /// Attempts after which a retryable error is recorded as a failure.
        public var maxAttempts: Int
        /// How often the outbox is polled when nothing signals new rows.
        public var pollInterval: Duration

        public init(segmentsPerSecond: Double = 3, baseRetryDelay: Duration = .seconds(1),
                    maxRetryDelay: Duration = .seconds(300), maxAttempts: Int = 10, pollInterval: Duration = .seconds(1)) {
            self.segmentsPerSecond = segmentsPerSecond
            self.baseRetryDelay = baseRetryDelay
            self.maxRetryDelay = maxRetryDelay
            self.maxAttempts = maxAttempts
            self.pollInterval = pollInterval
        }
    }

    let store: any MessageStore
    let carrier: any CarrierClient
    let router: Router
    let configuration: Configuration
    let logger: Logger
    let clock: @Sendable () -> Date
    private let wakeups: AsyncStream<Void>
    private let wakeup: AsyncStream<Void>.Continuation
    /// When each sender number may send its next segment.
    private var nextSlot: [PhoneNumber: ContinuousClock.Instant] = [:]

    public init(store: any MessageStore, carrier: any CarrierClient, router: Router, configuration: Configuration = .init(),
                logger: Logger = Logger(label: "twowayd.outbox"), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.carrier = carrier
        self.router = router
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        (wakeups, wakeup) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the sender to look at the outbox now.
    public nonisolated func wake() {
        wakeup.yield()
    }

    /// Sends until the task is cancelled.
    public func run() async {
        let ticker = Task { [wakeup, configuration] in
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.pollInterval)
                wakeup.yield()
            }
        }
        defer { ticker.cancel() }
        for await _ in wakeups {
            if Task.isCancelled { break }
            await drainOnce()
        }
    }

    /// Sends every row that is due now; returns how many rows were handled.
    @discardableResult
    public func drainOnce() async -> Int {
        var handled = 0
        while !Task.isCancelled {
            let due: [OutboxItem]
            do {
                due = try await store.dueOutbox(now: clock(), limit: 500)
            } catch {
                logger.error("outbox read failed", metadata: ["event": "outbox_error", "error": "\(error)"])
                return handled
            }
            if due.isEmpty { return handled }
            let bySender = Dictionary(grouping: due, by: \.from)
            await withTaskGroup(of: Void.self) { group in
                for (sender, items) in bySender {
                    let start = reserve(sender, segments: items.map { Self.segments($0.body) })
                    group.addTask { await self.sendSequentially(items, startingAt: start) }
                }
            }
            handled += due.count
        }
        return handled
    }

    /// Reserves pacing slots for a sender's items and returns each item's earliest start.
    private func reserve(_ sender: PhoneNumber, segments: [Int]) -> [ContinuousClock.Instant] {
        let now = ContinuousClock.now
        var slot = max(nextSlot[sender] ?? now, now)
        var starts: [ContinuousClock.Instant] = []
        let perSegment = Duration.seconds(1 / max(configuration.segmentsPerSecond, 0.001))
        for count in segments {
            starts.append(slot)
            slot = slot.advanced(by: perSegment * count)
        }
        nextSlot[sender] = slot
        return starts
    }

    private nonisolated func sendSequentially(_ items: [OutboxItem], startingAt starts: [ContinuousClock.Instant]) async {
        for (item, start) in zip(items, starts) {
            if Task.isCancelled { return }
            try? await Task.sleep(until: start, clock: .continuous)
            await send(item)
        }
    }

    private nonisolated func send(_ item: OutboxItem) async {
        do {
            try await store.markSending(item)
            let request = OutboundRequest(from: item.from, to: item.to, body: item.body, messageID: item.messageID)
            let outcome: SendOutcome
            do {
                let receipt = try await carrier.send(request)
                outcome = .accepted(carrierSID: receipt.sid, state: receipt.state)
                logger.info("outbound sent", metadata: [
                    "event": "outbound_sent", "practice": "\(item.practiceID)", "message_sid": "\(receipt.sid)",
                    "to": "\(item.to.masked)",
                ])
            } catch {
                outcome = failureOutcome(error, item: item)
                if error.code == CarrierErrorCode.recipientUnsubscribed {
                    try await router.carrierBlocked(practice: item.practiceID, phone: item.to)
                }
                logger.warning("outbound not sent", metadata: [
                    "event": "outbound_error", "practice": "\(item.practiceID)", "to": "\(item.to.masked)",
                    "error": "\(error)",
                ])
            }
            try await store.recordSend(item, outcome: outcome)
        } catch {
            logger.error("outbox write failed", metadata: ["event": "outbox_error", "error": "\(error)"])
        }
    }

    private nonisolated func failureOutcome(_ error: CarrierError, item: OutboxItem) -> SendOutcome {
        let attempt = item.attempts + 1
        guard error.retryable, attempt < configuration.maxAttempts else {
            return .failed(code: error.code, error: error.description)
        }
        let base = configuration.baseRetryDelay.inSeconds * pow(2, Double(attempt - 1))
        let delay = min(base, configuration.maxRetryDelay.inSeconds) * Double.random(in: 0.8...1.2)
        return .retry(at: clock().addingTimeInterval(delay), error: error.description)
    }

    /// GSM-7 texts take 160 characters per segment (153 when split); others 70 (67).
    static func segments(_ body: String) -> Int {
        let gsm = body.unicodeScalars.allSatisfy { $0.isASCII }
        let (single, multi) = gsm ? (160, 153) : (70, 67)
        let length = gsm ? body.unicodeScalars.count : body.utf16.count
        return length <= single ? 1 : (length + multi - 1) / multi
    }
}
