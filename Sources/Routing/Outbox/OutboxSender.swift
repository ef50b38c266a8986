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
    private let wakeups = WakeupSignal()
    /// When each sender number may send its next segment.
    private var nextSlot: [PhoneNumber: ContinuousClock.Instant] = [:]
    /// One task per sender number with rows to send, and the rows waiting in it.
    private var lanes: [PhoneNumber: Task<Void, Never>] = [:]
    private var laneQueues: [PhoneNumber: [OutboxItem]] = [:]
    /// Rows handed to a lane and not finished, so a poll does not hand them out twice.
    private var handedOut: Set<Int64> = []
    /// Rows finished since the current outbox read began.
    private var finishedDuringRead: Set<Int64> = []

    public init(store: any MessageStore, carrier: any CarrierClient, router: Router, configuration: Configuration = .init(),
                logger: Logger = Logger(label: "twowayd.outbox"), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.carrier = carrier
        self.router = router
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    /// Asks the sender to look at the outbox now.
    public nonisolated func wake() {
        wakeups.wake()
    }

    /// Sends until the task is cancelled.
    public func run() async {
        await wakeups.loop(every: configuration.pollInterval) { await dispatchDue() }
        for lane in lanes.values { lane.cancel() }
        await waitForLanes()
    }

    /// Sends every row that is due now and waits until they are handled; returns how many rows
    /// were handed to the senders. (``run()`` hands rows out the same way without waiting.)
    @discardableResult
    public func drainOnce() async -> Int {
        var handled = 0
        while !Task.isCancelled {
            let added = await dispatchDue()
            await waitForLanes()
            if added == 0 { return handled }
            handled += added
        }
        return handled
    }

    /// Hands every due row not already handed out to the lane of its sender number, starting
    /// lanes as needed; returns how many rows were new. Each sender number has one lane that
    /// sends its rows in order at its paced rate, so a practice with a long queue never
    /// delays another practice's texts.
    @discardableResult
    func dispatchDue() async -> Int {
        finishedDuringRead.removeAll()
        let due: [OutboxItem]
        do {
            due = try await store.dueOutbox(now: clock(), limit: 1000)
        } catch {
            logger.error("outbox read failed", metadata: ["event": "outbox_error", "error": "\(error)"])
            return 0
        }
        var added = 0
        // A row a lane finished while the read was under way may be in `due` as it was before.
        for item in due where !handedOut.contains(item.id) && !finishedDuringRead.contains(item.id) {
            handedOut.insert(item.id)
            laneQueues[item.from, default: []].append(item)
            added += 1
            if lanes[item.from] == nil {
                let sender = item.from
                lanes[sender] = Task { await self.runLane(sender) }
            }
        }
        return added
    }

    private func waitForLanes() async {
        while let lane = lanes.values.first {
            await lane.value
        }
    }

    /// Sends a sender's rows one by one, each at its pacing slot, until its queue is empty.
    private func runLane(_ sender: PhoneNumber) async {
        while let item = nextItem(for: sender) {
            let start = reserveSlot(sender, segments: Self.segments(item.body))
            do {
                try await Task.sleep(until: start, clock: .continuous)
            } catch {
                // Cancelled while waiting for the slot (shutdown): the row stays pending rather
                // than going out unpaced, with a request the cancellation may cut off.
                finishLane(sender)
                return
            }
            await send(item)
            handedOut.remove(item.id)
            finishedDuringRead.insert(item.id)
        }
    }

    /// The lane's next row; when there is none the lane ends in the same step, so a row
    /// dispatched afterwards starts a new lane.
    private func nextItem(for sender: PhoneNumber) -> OutboxItem? {
        guard var queue = laneQueues[sender], !queue.isEmpty else {
            finishLane(sender)
            return nil
        }
        let item = queue.removeFirst()
        laneQueues[sender] = queue
        return item
    }

    private func finishLane(_ sender: PhoneNumber) {
        for item in laneQueues[sender] ?? [] { handedOut.remove(item.id) }
        laneQueues[sender] = nil
        lanes[sender] = nil
    }

    /// The earliest instant the sender may send a message of `segments` segments, and books
    /// the time it takes at the paced rate.
    private func reserveSlot(_ sender: PhoneNumber, segments: Int) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        let slot = max(nextSlot[sender] ?? now, now)
        let perSegment = Duration.seconds(1 / max(configuration.segmentsPerSecond, 0.001))
        nextSlot[sender] = slot.advanced(by: perSegment * segments)
        return slot
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
