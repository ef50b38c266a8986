import Foundation
import Testing
import TextingCore
import TextingStore

/// What several daemons on one store rely on (M1), on every store: a batch decided from a stale
/// session is refused when the store versions sessions and accepted when it does not (a store one
/// process owns); sender pacing slots are spaced or absent; the store answers a reachability check.
@Suite("Store: work shared by several daemons (M1)")
struct SharedWorkStoreTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let phone = PhoneNumber(e164: "+13125554100")!  // a valid Chicago number (E8)

    /// A batch of one inbound text with carrier id `sid`, decided from session `version`.
    static func batch(_ practice: PracticeID, sid: String, expecting version: Int64?) -> SessionBatch {
        var batch = SessionBatch(practiceID: practice, phone: phone, messages: [MessageDraft(
            direction: .inbound, author: .client, body: "text \(sid)", carrierSID: sid, inConversation: false, createdAt: at)])
        batch.expectedVersion = version
        return batch
    }

    /// The texts of the number stored so far, by carrier id.
    static func stored(_ store: any ConformingStore, _ practice: PracticeID) async throws -> [String] {
        try await store.messagesOutsideConversations(practice: practice).compactMap(\.carrierSID).sorted()
    }

    /// The commit of `batch`, or why it failed.
    static func attempt(_ store: any ConformingStore, _ batch: SessionBatch) async -> Result<SessionCommit, any Error> {
        do { return .success(try await store.commit(batch)) } catch { return .failure(error) }
    }

    @Test("M1: a batch from a stale session version (behind or ahead) is refused with SessionChanged and writes nothing; from the current one it commits and moves the version on by one",
          arguments: StoreKind.allCases)
    func staleVersionRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            let snapshot = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.at)
            guard let version = snapshot.version else {
                // A store one process owns checks nothing: every batch is accepted, none versioned.
                for (n, expected) in [nil, Int64(0), Int64(7), Int64(-1)].enumerated() {
                    let commit = try await store.commit(Self.batch(practice, sid: "SMv\(n)", expecting: expected))
                    #expect(commit.version == nil)
                }
                #expect(try await Self.stored(store, practice) == ["SMv0", "SMv1", "SMv2", "SMv3"])
                return
            }
            let first = try await store.commit(Self.batch(practice, sid: "SMfirst", expecting: version))
            #expect(first.version == version + 1)
            for (sid, stale) in [("SMbehind", version), ("SMahead", version + 2)] {
                await #expect(throws: SessionChanged.self, "expected version \(stale) after \(version + 1)") {
                    try await store.commit(Self.batch(practice, sid: sid, expecting: stale))
                }
            }
            #expect(try await Self.stored(store, practice) == ["SMfirst"])
            let reloaded = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.at)
            #expect(reloaded.version == version + 1)
            let second = try await store.commit(Self.batch(practice, sid: "SMsecond", expecting: reloaded.version))
            #expect(second.version == version + 2)
            #expect(try await Self.stored(store, practice) == ["SMfirst", "SMsecond"])
        }
    }

    @Test("M1: of two batches decided from the same session, at most one commits; the other is refused whole",
          arguments: StoreKind.allCases)
    func concurrentBatchesFromOneSnapshot(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            let version = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.at).version
            async let a = Self.attempt(store, Self.batch(practice, sid: "SMa", expecting: version))
            async let b = Self.attempt(store, Self.batch(practice, sid: "SMb", expecting: version))
            let results = await [a, b]
            let committed = results.filter { (try? $0.get()) != nil }.count
            if version == nil {
                #expect(committed == 2)
            } else {
                #expect(committed == 1)
                #expect(results.contains { if case .failure(let error) = $0 { error is SessionChanged } else { false } })
            }
            #expect(try await Self.stored(store, practice).count == committed)
        }
    }

    @Test("D2: sender slots are absent (paced in memory) or spaced by the booked duration, per sender, also when booked at once",
          arguments: StoreKind.allCases)
    func sendSlots(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let sender = try PhoneNumber(parsing: "800-555-1000")
            let other = try PhoneNumber(parsing: "800-555-1001")
            let duration = Duration.seconds(1)
            let slots = try await withThrowingTaskGroup(of: Date?.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await store.reserveSendSlot(sender: sender, duration: duration, now: Self.at) }
                }
                return try await group.reduce(into: [Date?]()) { $0.append($1) }
            }
            let booked = slots.compactMap { $0 }.sorted()
            guard !booked.isEmpty else { return }  // a store one process owns books nothing
            #expect(booked.count == slots.count, "some reservations booked nothing: \(slots)")
            #expect(booked.allSatisfy { $0 >= Self.at })
            for (earlier, later) in zip(booked, booked.dropFirst()) {
                #expect(later.timeIntervalSince(earlier) >= 1 - 1e-6, "slots \(earlier) and \(later) overlap")
            }
            // Another sender is not queued behind this one's bookings.
            let otherSlot = try #require(try await store.reserveSendSlot(sender: other, duration: duration, now: Self.at))
            #expect(otherSlot >= Self.at && otherSlot < Self.at.addingTimeInterval(1))
            // A later booking starts no earlier than its own `now`.
            let late = Self.at.addingTimeInterval(3_600)
            let lateSlot = try #require(try await store.reserveSendSlot(sender: sender, duration: duration, now: late))
            #expect(lateSlot >= late && lateSlot < late.addingTimeInterval(1))
        }
    }

    @Test("M1: a working store is reachable", arguments: StoreKind.allCases)
    func reachable(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.checkReachable()
        }
    }
}
