import Foundation
import Logging
import Carrier
import TextingCore
import TextingStore

/// Drains the durable outbox into the carrier (D2).
///
/// A row is claimed (marked `sending`) before the carrier is called, and `done` or `failed`
/// after, so a restart resumes every row that was not confirmed. Only a `pending` row can be
/// claimed, and a row the sender could not claim is not sent, so no path sends a row twice while
/// it is in flight. A sender owns the outbox of its store: before its first read it puts the
/// rows an earlier run left `sending` back to `pending` (the daemon's state-directory lock
/// makes it the only sender of its database). A row whose request reached the carrier just
/// before a crash is sent again after the restart (at-least-once); the window is the time
/// between the carrier's answer and the commit of `done`. Each sender number is paced on its
/// own, so one busy practice does not hold up another.
///
/// Phone numbers in its log lines, and in carrier errors it logs, show their last four digits
/// unless `logsFullPhoneNumbers` says otherwise (D5).
///
/// Each sender number has a lane holding at most ``laneCapacity`` rows (queued and in flight).
/// A read of the outbox asks for the first `laneCapacity` due rows of every number, less the rows
/// the lanes hold, so it tops every lane up at once, however the rows were queued (one number's
/// batch of reminders before the others' texts); numbers whose lanes are more than half full with
/// more rows waiting are skipped. The outbox is read when new rows were written (``wake()``), when
/// such a lane is half empty, when the earliest retry is due, and at the latest every
/// `pollInterval`; never more often than `minimumReadInterval`.
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
        /// The longest time between two reads of the outbox when nothing asks for one: new rows
        /// wake the sender and retries are read when due, so this only bounds the wait for rows
        /// left by a failed write or written behind the router's back.
        public var pollInterval: Duration
        /// The shortest time between the starts of two reads: wake-ups meanwhile (every text that
        /// queues a reply wakes the sender) are served by one read.
        public var minimumReadInterval: Duration
        /// Several daemons share the store (M1): pacing slots are booked in the store, so a
        /// sender number's rate holds for all of them together (D2), and since every claim there
        /// has a lease, each read first takes back the rows whose lease ran out (a daemon that
        /// died while sending them) instead of only at start.
        public var sharedStore: Bool

        public init(segmentsPerSecond: Double = 3, baseRetryDelay: Duration = .seconds(1),
                    maxRetryDelay: Duration = .seconds(300), maxAttempts: Int = 10, pollInterval: Duration = .seconds(5),
                    minimumReadInterval: Duration = .milliseconds(50), sharedStore: Bool = false) {
            self.sharedStore = sharedStore
            self.segmentsPerSecond = segmentsPerSecond
            self.baseRetryDelay = baseRetryDelay
            self.maxRetryDelay = maxRetryDelay
            self.maxAttempts = maxAttempts
            self.pollInterval = pollInterval
            self.minimumReadInterval = minimumReadInterval
        }
    }

    /// What one read of the outbox did.
    struct Dispatch {
        /// Rows handed to lanes.
        var added: Int
        /// When to read again if nothing wakes the sender first.
        var nextRead: ContinuousClock.Instant
    }

    let store: any MessageStore
    let carrier: any CarrierClient
    let router: Router
    let configuration: Configuration
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Whether log lines may show phone numbers in full (the configuration's `logPhoneNumbers`,
    /// read at each line so a reload applies).
    let logsFullPhoneNumbers: @Sendable () -> Bool
    private let wakeups = WakeupSignal()
    /// Whether the next read first puts the rows left `sending` back to `pending`: at the first
    /// read (rows an earlier run left), and after a send whose outcome could not be recorded.
    /// Rows this sender holds are `excluding` at every read, so its own sends in flight are safe.
    private var resumesInterrupted = true
    /// When each sender number may send its next segment.
    private var nextSlot: [PhoneNumber: ContinuousClock.Instant] = [:]
    /// One task per sender number with rows to send, and the rows waiting in it.
    private var lanes: [PhoneNumber: Task<Void, Never>] = [:]
    private var laneQueues: [PhoneNumber: [OutboxItem]] = [:]
    /// Rows handed to each sender number's lane and not finished (queued and in flight), so a
    /// read does not hand them out twice.
    private var handedOut: [PhoneNumber: Set<Int64>] = [:]
    /// Sender numbers whose lane took a full window at the last read: the outbox may hold more
    /// of their rows, so the lane asks for a read when it is half empty.
    private var mayHaveMore: Set<PhoneNumber> = []
    /// Rows a lane holds at most, and so the rows of one number a read returns: about a second
    /// of sending at the paced rate (at least 10, at most 500), so a lane asking for more at half
    /// of it is topped up long before it runs dry.
    public nonisolated let laneCapacity: Int

    /// - Parameter logsFullPhoneNumbers: whether log lines may show phone numbers in full; by
    ///   default they show only the last four digits (D5).
    public init(store: any MessageStore, carrier: any CarrierClient, router: Router, configuration: Configuration = .init(),
                logger: Logger = Logger(label: "twowayd.outbox"), clock: @escaping @Sendable () -> Date = { Date() },
                logsFullPhoneNumbers: @escaping @Sendable () -> Bool = { false }) {
        self.store = store
        self.carrier = carrier
        self.router = router
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.logsFullPhoneNumbers = logsFullPhoneNumbers
        laneCapacity = Self.laneCapacity(segmentsPerSecond: configuration.segmentsPerSecond)
    }

    static func laneCapacity(segmentsPerSecond: Double) -> Int {
        guard segmentsPerSecond.isFinite else { return 500 }
        return Int(min(max(segmentsPerSecond.rounded(.up), 10), 500))
    }

    /// Asks the sender to look at the outbox now.
    public nonisolated func wake() {
        wakeups.wake()
    }

    /// Sends until the task is cancelled.
    public func run() async {
        await wakeups.loop(minimumInterval: configuration.minimumReadInterval) { await dispatchDue().nextRead }
        for lane in lanes.values { lane.cancel() }
        await waitForLanes()
    }

    /// Sends every row that is due now and waits until they are handled; returns how many rows
    /// were handed to the senders. (``run()`` hands rows out the same way without waiting.)
    @discardableResult
    public func drainOnce() async -> Int {
        var handled = 0
        while !Task.isCancelled {
            let added = await dispatchDue().added
            await waitForLanes()
            if added == 0 { return handled }
            handled += added
        }
        return handled
    }

    /// Hands the due rows not already handed out to the lanes of their sender numbers, up to
    /// ``laneCapacity`` per lane, starting lanes as needed. Each sender number has one lane that
    /// sends its rows in order at its paced rate, so a practice with a long queue never delays
    /// another practice's texts.
    func dispatchDue() async -> Dispatch {
        // Lanes with more rows waiting and more than half their capacity queued need nothing
        // yet: the read skips their numbers. Of the others, rows a lane finishes while the read
        // is under way stay in `excluding`, so the read leaves them out even if its snapshot
        // predates their `done`; rows finished before are `done` in any snapshot the read takes.
        guard await resumeInterruptedSends() else {
            return Dispatch(added: 0, nextRead: .now.advanced(by: configuration.pollInterval))
        }
        let skipping = mayHaveMore
        let heldBefore = handedOut.filter { !skipping.contains($0.key) }
        let excluding = heldBefore.values.reduce(into: Set<Int64>()) { $0.formUnion($1) }
        let due: DueOutbox
        do {
            due = try await store.dueOutbox(now: clock(), perSender: laneCapacity, excluding: excluding,
                                            skipping: skipping)
        } catch {
            logger.error("outbox read failed", metadata: ["event": "outbox_error", "error": logged(error)])
            return Dispatch(added: 0, nextRead: .now.advanced(by: configuration.pollInterval))
        }
        var added: [PhoneNumber: Int] = [:]
        for item in due.items where handedOut[item.from]?.contains(item.id) != true {
            handedOut[item.from, default: []].insert(item.id)
            laneQueues[item.from, default: []].append(item)
            added[item.from, default: 0] += 1
            if lanes[item.from] == nil {
                let sender = item.from
                lanes[sender] = Task { await self.runLane(sender) }
            }
        }
        // The read's window of a number was full when the rows its lane held as the read began
        // and the rows it got make `laneCapacity`; then more may wait behind them. Otherwise the
        // lane holds every row of its number that was due. Skipped numbers keep their mark
        // unless their lane gave it up during the read (it asked for this or the next read).
        mayHaveMore = Set(heldBefore.keys).union(added.keys).subtracting(skipping)
            .filter { (heldBefore[$0]?.count ?? 0) + (added[$0] ?? 0) >= laneCapacity }
            .union(skipping.intersection(mayHaveMore))
        // A lane that sent half its rows during the read asks for the next read now.
        for sender in mayHaveMore where !hasEnoughQueued(sender) {
            mayHaveMore.remove(sender)
            wakeups.wake()
        }
        var wait = configuration.pollInterval
        if let next = due.nextAttemptAt {
            wait = min(wait, .seconds(max(next.timeIntervalSince(clock()), 0)))
        }
        return Dispatch(added: added.values.reduce(0, +), nextRead: .now.advanced(by: wait))
    }

    /// Before the first read (and after a send whose outcome was not recorded): puts the rows
    /// left `sending` back to `pending`, so they can be claimed again. False when that failed
    /// (the read waits for the next poll).
    private func resumeInterruptedSends() async -> Bool {
        guard resumesInterrupted || configuration.sharedStore else { return true }
        do {
            let resumed = try await store.resumeInterruptedSends()
            resumesInterrupted = false
            if resumed > 0 {
                logger.notice("outbox rows interrupted by a stop are sent again", metadata: [
                    "event": "outbox_resumed", "count": "\(resumed)",
                ])
            }
            return true
        } catch {
            logger.error("outbox read failed", metadata: ["event": "outbox_error", "error": logged(error)])
            return false
        }
    }

    private func resumeAtNextRead() {
        resumesInterrupted = true
    }

    private func waitForLanes() async {
        while let lane = lanes.values.first {
            await lane.value
        }
    }

    /// Sends a sender's rows one by one, each at its pacing slot, until its queue is empty.
    private func runLane(_ sender: PhoneNumber) async {
        while let item = nextItem(for: sender) {
            // Several daemons read the same due rows: claim before booking a slot, or every
            // daemon would book time for a row only one of them sends, and the number's shared
            // rate would be spent on nothing. One claimed row per lane waits for its slot, far
            // within the claim's lease.
            let claimedFirst = configuration.sharedStore
            if claimedFirst, !(await claim(item)) {
                release(item, from: sender)
                continue
            }
            let start = await reserveSlot(sender, segments: Self.segments(item.body))
            do {
                try await Task.sleep(until: start, clock: .continuous)
            } catch {
                // Cancelled while waiting for the slot (shutdown): the row stays pending rather
                // than going out unpaced, with a request the cancellation may cut off.
                release(item, from: sender)
                finishLane(sender)
                return
            }
            let retries = await send(item, claimed: claimedFirst)
            release(item, from: sender)
            // A retry is due later: the next read learns when, so it is read then.
            if retries { wakeups.wake() }
            if mayHaveMore.contains(sender), !hasEnoughQueued(sender) {
                mayHaveMore.remove(sender)
                wakeups.wake()
            }
        }
    }

    /// Whether the lane of `sender` has more than half its capacity queued, so asking for more can wait.
    private func hasEnoughQueued(_ sender: PhoneNumber) -> Bool {
        (laneQueues[sender]?.count ?? 0) > laneCapacity / 2
    }

    /// Forgets a row the lane took: sent, failed, left for a retry, or given up at shutdown.
    private func release(_ item: OutboxItem, from sender: PhoneNumber) {
        handedOut[sender]?.remove(item.id)
        if handedOut[sender]?.isEmpty == true { handedOut[sender] = nil }
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
        for item in laneQueues[sender] ?? [] { release(item, from: sender) }
        laneQueues[sender] = nil
        lanes[sender] = nil
    }

    /// The earliest instant the sender may send a message of `segments` segments, and books
    /// the time it takes at the paced rate: in the store when several daemons share it (one
    /// rate per sender number for all of them), else in memory.
    private func reserveSlot(_ sender: PhoneNumber, segments: Int) async -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        let perSegment = Duration.seconds(1 / max(configuration.segmentsPerSecond, 0.001))
        if configuration.sharedStore {
            do {
                let wallNow = clock()
                if let slot = try await store.reserveSendSlot(sender: sender, duration: perSegment * segments, now: wallNow) {
                    return now.advanced(by: .seconds(max(0, slot.timeIntervalSince(wallNow))))
                }
            } catch {
                // The store cannot book: pace in memory (this daemon alone stays within the rate).
                logger.warning("pacing slot not booked in the store; pacing this daemon alone", metadata: [
                    "event": "outbox_pacing_local", "error": logged(error),
                ])
            }
        }
        let slot = max(nextSlot[sender] ?? now, now)
        nextSlot[sender] = slot.advanced(by: perSegment * segments)
        return slot
    }

    /// Claims one row for this sender; false (and a line) when the store does not let it (no
    /// longer `pending`: sent, failed, or claimed by another daemon), or cannot say.
    private nonisolated func claim(_ item: OutboxItem) async -> Bool {
        do {
            guard try await store.markSending(item) else {
                logger.warning("outbox row already claimed; not sent again", metadata: [
                    "event": "outbox_claim_lost", "practice": "\(item.practiceID)", "outbox_id": "\(item.id)",
                ])
                return false
            }
            return true
        } catch {
            logger.error("outbox write failed", metadata: ["event": "outbox_error", "error": logged(error)])
            await resumeAtNextRead()
            return false
        }
    }

    /// Claims one row (unless `claimed` says it already is), sends it and records the outcome;
    /// returns whether it waits for a retry. A row the store does not let it claim (no longer
    /// `pending`) is left alone.
    private nonisolated func send(_ item: OutboxItem, claimed: Bool) async -> Bool {
        if !claimed, !(await claim(item)) { return false }
        do {
            let request = OutboundRequest(from: item.from, to: item.to, body: item.body, messageID: item.messageID)
            let outcome: SendOutcome
            do {
                let receipt = try await carrier.send(request)
                outcome = .accepted(carrierSID: receipt.sid, state: receipt.state)
                logger.info("outbound sent", metadata: [
                    "event": "outbound_sent", "practice": "\(item.practiceID)", "message_sid": "\(receipt.sid)",
                    "to": logged(item.to),
                ])
            } catch {
                outcome = failureOutcome(error, item: item)
                if error.code == CarrierErrorCode.recipientUnsubscribed {
                    try await router.carrierBlocked(practice: item.practiceID, phone: item.to)
                }
                logger.warning("outbound not sent", metadata: [
                    "event": "outbound_error", "practice": "\(item.practiceID)", "to": logged(item.to),
                    "error": logged(error),
                ])
            }
            try await store.recordSend(item, outcome: outcome)
            await router.announceSend(of: item, outcome: outcome)
            if case .retry = outcome { return true }
        } catch {
            logger.error("outbox write failed", metadata: ["event": "outbox_error", "error": logged(error)])
            // The row may be left `sending`: the next read makes it `pending` again.
            await resumeAtNextRead()
        }
        return false
    }

    /// `phone` as a log value: its last four digits unless full numbers are allowed (D5).
    private nonisolated func logged(_ phone: PhoneNumber) -> Logger.MetadataValue {
        .string(logsFullPhoneNumbers() ? phone.e164 : phone.masked)
    }

    /// An error as a log value, with the phone numbers in its text masked unless full numbers
    /// are allowed (a carrier's message may quote the number it refused).
    private nonisolated func logged(_ error: any Error) -> Logger.MetadataValue {
        let text = "\(error)"
        return .string(logsFullPhoneNumbers() ? text : PhoneMasking.mask(text))
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
