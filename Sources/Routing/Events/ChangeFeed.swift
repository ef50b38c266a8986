import Synchronization
import TextingCore

/// The live changes of every practice, in the order they were committed, kept for a while so a
/// reader that reconnects resumes where it left off (W3).
///
/// Each change gets the next sequence number of this process. The last ``capacity`` changes are
/// kept; a reader that subscribes after sequence `n` first gets every kept change of its practice
/// after `n`, then the live ones, with nothing missed or repeated between the two (both happen
/// under one lock). When `n` is older than what is kept, or comes from an earlier run of the
/// daemon (another ``epoch``), the subscription says ``Subscription/isReset``: the reader must
/// reload what it shows, because changes were missed.
///
/// A reader that falls more than ``perReaderBuffer`` changes behind has its subscription ended
/// (it reconnects and resumes from the kept changes) rather than the daemon holding changes for
/// it without bound. A reader takes what is pending as one batch, so a busy stream writes many
/// changes at once.
public final class ChangeFeed: Sendable {
    /// A change with its position in the feed.
    public struct Event: Sendable, Hashable {
        public var sequence: UInt64
        public var change: Change
    }

    /// What a subscriber receives: changes, and a tick every ``tickInterval`` so the reader can
    /// write a keep-alive and check that its session still holds.
    public enum Delivery: Sendable, Hashable {
        case event(Event)
        case tick
    }

    /// A reader's view of the feed, from the position it asked for. Take deliveries with
    /// ``next()`` until it answers empty; call ``end()`` when done reading.
    public struct Subscription: Sendable {
        /// The feed's ``ChangeFeed/epoch``: with an event's sequence, the position a reader
        /// resumes from.
        public var epoch: String
        /// The position asked for cannot be resumed: reload, then follow ``next()``.
        public var isReset: Bool
        /// Kept changes after the position asked for, oldest first (empty after a reset).
        public var replay: [Event]
        let queue: ReaderQueue
        let stop: @Sendable () -> Void

        /// The live changes of the practice and the ticks that came since the last call, oldest
        /// first, waiting while there are none. Empty once the subscription ended (``end()``, the
        /// reader fell too far behind, or the task was cancelled).
        public func next() async -> [Delivery] { await queue.next() }

        /// Stops following the feed: ``next()`` answers empty once what is pending was taken.
        public func end() { stop() }
    }

    /// Identifies this run of the daemon: a position from another run cannot be resumed.
    public let epoch: String
    public let capacity: Int
    public let perReaderBuffer: Int
    public let tickInterval: Duration

    private struct Reader {
        var practice: PracticeID
        var queue: ReaderQueue
    }

    private struct State {
        /// Kept changes, oldest first, with contiguous sequence numbers.
        var kept: [Event] = []
        var next: UInt64 = 1
        var readers: [Int: Reader] = [:]
        var nextReader = 0
    }

    private let state = Mutex(State())
    /// Where this daemon's changes go besides its own readers: the other daemons sharing the
    /// store (M1). Nil for a daemon alone.
    private let relay = Mutex<(@Sendable ([Change]) -> Void)?>(nil)

    public init(
        capacity: Int = 10_000, perReaderBuffer: Int = 1_000, tickInterval: Duration = .seconds(15),
        epoch: String = ChangeFeed.newEpoch()
    ) {
        self.capacity = max(1, capacity)
        self.perReaderBuffer = max(1, perReaderBuffer)
        self.tickInterval = tickInterval
        self.epoch = epoch
    }

    /// A random name for a run of the daemon.
    public static func newEpoch() -> String {
        String(UInt32.random(in: 1...UInt32.max), radix: 36)
    }

    /// Appends `changes` in order and hands each to the readers of its practice. A reader
    /// ``perReaderBuffer`` deliveries behind is dropped (its queue finished).
    public func publish(_ changes: [Change]) {
        guard !changes.isEmpty else { return }
        deliver(changes)
        relay.withLock { $0 }?(changes)
    }

    /// Hands every change this feed publishes to `relay` too, for the other daemons sharing
    /// the store (M1). `relay` must not block: it is called inside the committing session.
    public func setRelay(_ relay: @escaping @Sendable ([Change]) -> Void) {
        self.relay.withLock { $0 = relay }
    }

    /// Publishes changes another daemon sharing the store made (M1) to this daemon's readers,
    /// without relaying them back.
    public func publishRelayed(_ changes: [Change]) {
        guard !changes.isEmpty else { return }
        deliver(changes)
    }

    private func deliver(_ changes: [Change]) {
        state.withLock { state in
            for change in changes {
                let event = Event(sequence: state.next, change: change)
                state.next += 1
                state.kept.append(event)
                var behind: [Int] = []
                for (id, reader) in state.readers where reader.practice == change.practice {
                    if !reader.queue.push(.event(event)) { behind.append(id) }
                }
                for id in behind { state.readers.removeValue(forKey: id) }
            }
            // Trim in chunks so appending stays amortised O(1).
            if state.kept.count >= capacity * 2 { state.kept.removeFirst(state.kept.count - capacity) }
        }
    }

    /// Follows the changes of `practice` after `position` (nil: from now on).
    public func subscribe(practice: PracticeID, after position: Position?) -> Subscription {
        let queue = ReaderQueue(limit: perReaderBuffer)
        let interval = tickInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled || !queue.push(.tick) { return }
            }
        }
        let (id, isReset, replay) = state.withLock { state in
            let id = state.nextReader
            state.nextReader += 1
            state.readers[id] = Reader(practice: practice, queue: queue)
            guard let position else { return (id, false, [Event]()) }
            let oldestKept = state.kept.first?.sequence ?? state.next
            guard position.epoch == epoch, position.sequence < state.next, position.sequence + 1 >= oldestKept else {
                return (id, true, [])
            }
            let start = Int(position.sequence + 1 - oldestKept)
            return (id, false, state.kept[start...].filter { $0.change.practice == practice })
        }
        return Subscription(epoch: epoch, isReset: isReset, replay: replay, queue: queue, stop: { [weak self] in
            ticker.cancel()
            queue.finish()
            self?.state.withLock { _ = $0.readers.removeValue(forKey: id) }
        })
    }

    /// Readers now following the feed.
    public var readerCount: Int { state.withLock { $0.readers.count } }

    /// Ends every reader's subscription (shutdown).
    public func finishAll() {
        let readers = state.withLock { state in
            defer { state.readers.removeAll() }
            return Array(state.readers.values)
        }
        for reader in readers { reader.queue.finish() }
    }
}

extension ChangeFeed {
    /// A position in a feed as readers carry it: `<epoch>-<sequence>`, the SSE event id.
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        public var epoch: String
        public var sequence: UInt64

        public init(epoch: String, sequence: UInt64) {
            self.epoch = epoch
            self.sequence = sequence
        }

        /// Parses `<epoch>-<sequence>`; nil for anything else.
        public init?(_ text: String) {
            guard text.utf8.count <= 64, let dash = text.lastIndex(of: "-") else { return nil }
            let epoch = String(text[..<dash])
            guard !epoch.isEmpty, epoch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  let sequence = UInt64(text[text.index(after: dash)...]) else { return nil }
            self.init(epoch: epoch, sequence: sequence)
        }

        public var description: String { "\(epoch)-\(sequence)" }
    }

    /// The position of `event` in this feed.
    public func position(of event: Event) -> Position {
        Position(epoch: epoch, sequence: event.sequence)
    }
}
