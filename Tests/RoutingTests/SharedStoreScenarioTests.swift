import Foundation
import Synchronization
import Testing
import Routing
import TextingCore
import TextingStore
import TextingStoreSQLite
import TextingStoreTestKit

/// The session versions a store shared by several daemons keeps (M1), for two routers in one
/// process on one SQLite file: each router's store checks and moves the same versions, as
/// PostgreSQL's `phone_session` rows do for two daemons.
final class SharedVersions: Sendable {
    private let versions = Mutex<[String: Int64]>([:])
    let refusals = Atomic<Int>(0)

    func current(_ practice: PracticeID, _ phone: PhoneNumber) -> Int64 {
        versions.withLock { $0["\(practice):\(phone.e164)"] ?? 0 }
    }

    /// The next version, or nil when `expected` is not the current one.
    func advance(_ practice: PracticeID, _ phone: PhoneNumber, from expected: Int64) -> Int64? {
        versions.withLock { table in
            let key = "\(practice):\(phone.e164)"
            guard (table[key] ?? 0) == expected else { return nil }
            table[key] = expected + 1
            return expected + 1
        }
    }
}

/// One daemon's view of the shared store.
final class VersionedStore: ForwardingStore {
    let base: any MessageStore
    let versions: SharedVersions

    init(base: any MessageStore, versions: SharedVersions) {
        self.base = base
        self.versions = versions
    }

    func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot {
        var snapshot = try await base.loadSession(practice: practice, phone: phone, now: now)
        snapshot.version = versions.current(practice, phone)
        return snapshot
    }

    func commit(_ batch: SessionBatch) async throws -> SessionCommit {
        // Checked before the write, as the database does inside the commit's transaction; the two
        // routers of a test never commit at the same instant, so the gap does not matter here.
        guard let expected = batch.expectedVersion, let next = versions.advance(batch.practiceID, batch.phone, from: expected)
        else {
            versions.refusals.add(1, ordering: .relaxed)
            throw SessionChanged(practiceID: batch.practiceID, phone: batch.phone)
        }
        var result = try await base.commit(batch)
        result.version = next
        return result
    }
}

@Suite("Several daemons on one store: sessions reload when another changed them (M1)")
struct SharedStoreScenarioTests {
    /// Two routers on one database, as two daemons behind one balancer.
    struct TwoDaemons {
        let harness: RoutingHarness
        let first: Router
        let second: Router
        let versions: SharedVersions
    }

    static func make() async throws -> TwoDaemons {
        let harness = try await RoutingHarness.make()
        let versions = SharedVersions()
        let configuration = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: AppVersion("3.0.0")!)  // a valid literal
        let first = try await Router(store: VersionedStore(base: harness.store, versions: versions),
                                     configuration: configuration, clock: { harness.clock.now() })
        let second = try await Router(store: VersionedStore(base: harness.store, versions: versions),
                                      configuration: configuration, clock: { harness.clock.now() })
        return TwoDaemons(harness: harness, first: first, second: second, versions: versions)
    }

    static func text(_ router: Router, _ body: String, from phone: PhoneNumber) async throws -> InboundOutcome {
        try await router.dispatch(InboundText(
            from: phone, to: RoutingHarness.practiceNumber, body: body,
            carrierSID: "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "")))
    }

    @Test("texts of one number alternating between two daemons join one conversation, in order (S5)")
    func alternatingTextsShareOneConversation() async throws {
        let daemons = try await Self.make()
        let phone = RoutingHarness.client(41)
        var outcomes: [InboundOutcome] = []
        for (index, router) in [daemons.first, daemons.second, daemons.first, daemons.second, daemons.first].enumerated() {
            outcomes.append(try await Self.text(router, "text \(index)", from: phone))
        }
        let conversations = Set(outcomes.compactMap(\.conversationID))
        #expect(conversations.count == 1)
        let active = try await daemons.harness.store.conversations(practice: daemons.harness.practice.id, activeOnly: true)
        #expect(active.count == 1)
        let bodies = try await daemons.harness.store.messages(conversation: try #require(conversations.first))
            .filter { $0.direction == .inbound }.map(\.body)
        #expect(bodies == (0..<5).map { "text \($0)" })
        // Each daemon's cached session went stale when the other committed: every text after the
        // first two was refused once and decided again on what the store held.
        #expect(daemons.versions.refusals.load(ordering: .relaxed) == 3)
    }

    @Test("a daemon whose cached conversation another daemon ended opens a new one instead of writing into the ended one (S5)")
    func endedElsewhereIsNotReused() async throws {
        let daemons = try await Self.make()
        let phone = RoutingHarness.client(42)
        let opened = try await Self.text(daemons.first, "first", from: phone)
        let conversation = try #require(opened.conversationID)
        try await daemons.second.endConversation(conversation)
        let next = try await Self.text(daemons.first, "after the end", from: phone)
        #expect(next.conversationID != conversation)
        let ended = try await daemons.harness.conversation(conversation)
        #expect(!ended.isActive)
        #expect(try await daemons.harness.store.messages(conversation: conversation).allSatisfy { $0.body != "after the end" })
    }

    @Test("a practice another daemon changed is routed with its new settings after a refresh (M1)")
    func practiceChangedElsewhere() async throws {
        let daemons = try await Self.make()
        var practice = try await daemons.first.practice(daemons.harness.practice.id)
        practice.name = "Maple Vet North"
        try await daemons.first.updatePractice(practice)
        #expect(try await daemons.second.practice(practice.id).name == "Maple Vet")
        #expect(try await daemons.second.refreshPractices() == 1)
        #expect(try await daemons.second.practice(practice.id).name == "Maple Vet North")
        #expect(try await daemons.second.refreshPractices() == 0)
    }
}
