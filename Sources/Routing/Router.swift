import Foundation
import Logging
import Synchronization
import TextingCore
import TextingStore
import TwowayMetrics

/// Dispatches every inbound text to the phone session of its (practice, number) and every
/// staff action to the session of the number it concerns.
///
/// The router itself only finds things: the practice by the `To` number (never by a messaging
/// service id, which broke routing elsewhere for pooled numbers), and the session by `From`,
/// created on demand. The session does the work, so texts from different numbers proceed in
/// parallel and share database commits.
///
/// What every text needs to find its way (the practices, the sessions, the configuration) is a
/// ``RoutingTable`` behind a lock, not in the actor's mailbox: a text looks it up in well under
/// a microsecond on its own thread, without queueing behind every other text or behind the
/// reaper's pass over a million sessions (issue 15). Changes to it still go through the actor,
/// one at a time.
public actor Router {
    struct SessionKey: Hashable {
        let practice: PracticeID
        let phone: PhoneNumber
    }

    /// The practices by id and by texting number, the live sessions and the rules in force.
    struct RoutingTable {
        var practicesByID: [PracticeID: Practice] = [:]
        var practicesByNumber: [PhoneNumber: PracticeID] = [:]
        var sessions: [SessionKey: PhoneSession] = [:]
        var configuration: RoutingConfiguration
    }

    /// Where everything is kept; the Operations layer reads the stores of the app channel, the
    /// event outbox and the reminder schedule through it.
    public let store: any MessageStore
    /// Every change a session commits, for the staff's live views (W3).
    public nonisolated let events: ChangeFeed
    let sessionEnvironment: SessionEnvironment
    let clock: @Sendable () -> Date
    let logger: Logger
    let table: Mutex<RoutingTable>
    private var outboxListeners: [@Sendable () -> Void] = []

    /// The rules in force for the next text or action.
    nonisolated var configuration: RoutingConfiguration { table.withLock { $0.configuration } }

    /// Loads the practices from `store`. `clock` is the only source of "now" for the rules, so
    /// tests can move time.
    public init(
        store: any MessageStore, configuration: RoutingConfiguration, logger: Logger = Logger(label: "twowayd.router"),
        clock: @escaping @Sendable () -> Date = { Date() }, events: ChangeFeed = ChangeFeed()
    ) async throws {
        self.store = store
        self.events = events
        self.sessionEnvironment = SessionEnvironment(store: store, events: events)
        self.table = Mutex(RoutingTable(configuration: configuration))
        self.logger = logger
        self.clock = clock
        for practice in try await store.practices() { index(practice) }
    }

    // MARK: - Inbound

    /// Routes one inbound text and returns after it is durably stored (D1). A text to a number
    /// of no practice is stored unrouted (D3).
    ///
    /// The router is entered once, to find the practice and the session; the work then runs on
    /// the session, and the router is not entered again unless the text queued replies. Under
    /// load every webhook passes here, so each hop into the router actor is contended.
    public nonisolated func dispatch(_ text: InboundText) async throws -> InboundOutcome {
        var changedElsewhere = 0
        while true {
            guard let route = route(text) else {
                let draft = MessageDraft(direction: .inbound, author: .client, body: text.body, carrierSID: text.carrierSID,
                                         routed: false, inConversation: false, media: text.media, createdAt: clock())
                let stored = try await store.storeOrphan(draft, phone: text.from, practiceNumber: text.to)
                (stored ? TwowayMetrics.inboundStored : TwowayMetrics.inboundDuplicates).increment()
                return InboundOutcome(disposition: stored ? .unrouted : .duplicate)
            }
            var outcome: InboundOutcome
            do {
                outcome = try await route.session.receive(
                    text, practice: route.practice, configuration: route.configuration, now: route.now)
            } catch is DuplicateAfterReload {
                TwowayMetrics.inboundDuplicates.increment()
                return InboundOutcome(disposition: .duplicate, practiceID: route.practice.id)
            } catch is SessionRetired {
                forget(route.session, key: route.key)
                continue
            } catch let error as SessionChanged where changedElsewhere < Self.maxSessionReloads {
                // Another daemon sharing the store committed for this number since the session
                // last read it (M1): the session reloaded; decide again on what the store holds.
                _ = error
                changedElsewhere += 1
                continue
            }
            outcome.practiceID = route.practice.id
            (outcome.disposition == .duplicate ? TwowayMetrics.inboundDuplicates : TwowayMetrics.inboundStored).increment()
            if !outcome.replies.isEmpty { await notifyOutbox() }
            return outcome
        }
    }

    /// How many times one text or action is decided again because another daemon sharing the
    /// store changed its number's session in between (M1). Each retry follows a commit of the
    /// other daemon, so running out means a number under a storm of concurrent changes: the
    /// caller gets the error (a webhook answers 503 and the carrier retries).
    static let maxSessionReloads = 16

    /// Where an inbound text goes: its practice (by the `To` number), the session of its `From`
    /// number (created on demand) and the rules in force; nil for a number of no practice.
    private nonisolated func route(_ text: InboundText) -> InboundRoute? {
        let now = clock()
        return table.withLock { table in
            guard let practiceID = table.practicesByNumber[text.to], let practice = table.practicesByID[practiceID]
            else { return nil }
            let key = SessionKey(practice: practiceID, phone: text.from)
            let session = table.session(for: key, environment: sessionEnvironment, now: now)
            return InboundRoute(practice: practice, key: key, session: session, configuration: table.configuration, now: now)
        }
    }

    private struct InboundRoute: Sendable {
        let practice: Practice
        let key: SessionKey
        let session: PhoneSession
        let configuration: RoutingConfiguration
        let now: Date
    }

    /// Drops `session` (retired between lookup and call) unless it was already replaced.
    private nonisolated func forget(_ session: PhoneSession, key: SessionKey) {
        table.withLock { table in
            if table.sessions[key] === session { table.sessions[key] = nil }
        }
    }

    /// Runs `body` on the session of (practice, phone), replacing a session that was retired
    /// between lookup and call.
    func withSession<T: Sendable>(
        _ practice: PracticeID, _ phone: PhoneNumber, _ body: @Sendable (PhoneSession) async throws -> T
    ) async throws -> T {
        var changedElsewhere = 0
        while true {
            let key = SessionKey(practice: practice, phone: phone)
            let now = clock()
            let session = table.withLock { $0.session(for: key, environment: sessionEnvironment, now: now) }
            do {
                return try await body(session)
            } catch is SessionRetired {
                forget(session, key: key)
            } catch let error as SessionChanged where changedElsewhere < Self.maxSessionReloads {
                // As in dispatch(_:): decided on a state another daemon changed; reloaded, again.
                _ = error
                changedElsewhere += 1
            }
        }
    }

    // MARK: - Practices

    /// The practice with `id`, as the router currently routes for it.
    public func practice(_ id: PracticeID) throws -> Practice {
        guard let practice = table.withLock({ $0.practicesByID[id] }) else {
            throw TextingError.practiceNotFound(id)
        }
        return practice
    }

    /// The practice whose texting number (assigned, ported or being ported) is `number`.
    public func practice(owning number: PhoneNumber) -> Practice? {
        table.withLock { table in table.practicesByNumber[number].flatMap { table.practicesByID[$0] } }
    }

    public func allPractices() -> [Practice] {
        table.withLock { $0.practicesByID.values.sorted { $0.id < $1.id } }
    }

    /// Stores a new practice and starts routing for it.
    public func addPractice(_ practice: Practice) async throws -> Practice {
        let created = try await store.createPractice(practice)
        index(created)
        return created
    }

    /// Stores changed settings (hours, toggles, number) and routes with them from now on.
    public func updatePractice(_ practice: Practice) async throws {
        _ = try self.practice(practice.id)
        if let number = practice.number.usable ?? Self.pendingNumber(practice.number),
           let owner = table.withLock({ $0.practicesByNumber[number] }), owner != practice.id {
            throw TextingError(.init("practice.number_taken"), "That texting number already belongs to another practice.")
        }
        try await store.updatePractice(practice)
        index(practice)
    }

    private static func pendingNumber(_ number: TextingNumber) -> PhoneNumber? {
        if case .portRequested(let n, _) = number { return n }
        return nil
    }

    /// Deletes a practice that was never used and stops routing for it (see
    /// ``MessageStore/deleteUnusedPractice(_:)``; `practice.in_use` otherwise).
    public func removePractice(_ id: PracticeID) async throws {
        _ = try practice(id)
        try await store.deleteUnusedPractice(id)
        forgetPractice(id)
    }

    /// Stops routing for a practice that is gone from the store.
    func forgetPractice(_ id: PracticeID) {
        table.withLock { table in
            table.practicesByID[id] = nil
            for (number, owner) in table.practicesByNumber where owner == id { table.practicesByNumber[number] = nil }
            for key in table.sessions.keys where key.practice == id { table.sessions[key] = nil }
        }
    }

    func index(_ practice: Practice) {
        table.withLock { table in
            if let old = table.practicesByID[practice.id] {
                for (number, id) in table.practicesByNumber where id == old.id { table.practicesByNumber[number] = nil }
            }
            table.practicesByID[practice.id] = practice
            if let number = practice.number.usable ?? Self.pendingNumber(practice.number) {
                table.practicesByNumber[number] = practice.id
            }
        }
    }

    // MARK: - Configuration, outbox, eviction

    /// Applies a reloaded configuration to every later text and action.
    public func setConfiguration(_ configuration: RoutingConfiguration) {
        table.withLock { $0.configuration = configuration }
    }

    /// Registers a callback run whenever new rows entered the outbox.
    public func onOutboxChange(_ listener: @escaping @Sendable () -> Void) {
        outboxListeners.append(listener)
    }

    func notifyOutbox() {
        for listener in outboxListeners { listener() }
    }

    /// Makes every live session of `practice` reload its state on its next call: profiles or
    /// other cached data changed outside the sessions (a PMS directory import).
    public func invalidateSessions(practice: PracticeID) async {
        let sessions = table.withLock { table in table.sessions.filter { $0.key.practice == practice }.map(\.value) }
        for session in sessions {
            await session.invalidate()
        }
    }

    /// Number of sessions in memory. Isolated to the router on purpose: `GET /health` and the
    /// watchdog read it to learn that the router's mailbox is moving.
    public var liveSessionCount: Int { table.withLock { $0.sessions.count } }

    /// Drops sessions unused for the configured idle time; returns how many were dropped.
    @discardableResult
    public func evictIdleSessions() async -> Int {
        let now = clock()
        let timeout = configuration.sessionIdleTimeout
        var evicted = 0
        // A copy to walk: texts go on creating and using sessions meanwhile (the dictionary
        // would be copied at the first change anyway).
        let sessions = table.withLock { $0.sessions }
        for (key, session) in sessions {
            if await session.retireIfIdle(now: now, timeout: timeout) {
                let removed = table.withLock { table in
                    guard table.sessions[key] === session else { return false }
                    table.sessions[key] = nil
                    return true
                }
                if removed { evicted += 1 }
            }
        }
        if evicted > 0 {
            TwowayMetrics.sessionEvictions.increment(by: evicted)
            table.withLock { $0.compactSessionsIfSparse() }
        }
        return evicted
    }

}

extension Router.RoutingTable {
    /// The live session of `key`, created when there is none.
    mutating func session(for key: Router.SessionKey, environment: SessionEnvironment, now: Date) -> PhoneSession {
        if let existing = sessions[key] { return existing }
        let session = PhoneSession(practiceID: key.practice, phone: key.phone, environment: environment, now: now)
        sessions[key] = session
        return session
    }

    /// Moves `sessions` into storage sized for what is left when it fills less than a quarter of
    /// its capacity. A dictionary never shrinks when entries are removed: after 1,000,000
    /// sessions were evicted its buckets (tens of MiB) would otherwise stay allocated for good.
    mutating func compactSessionsIfSparse() {
        guard sessions.count < sessions.capacity / 4 else { return }
        var compact = [Router.SessionKey: PhoneSession](minimumCapacity: sessions.count)
        for (key, session) in sessions { compact[key] = session }
        sessions = compact
    }
}
