import Foundation
import Testing
import TextingCore
import TextingStore

/// The reminder schedule (issue 13, E5, Q1): one request per (practice, Idempotency-Key), due
/// reminders claimed by one sender only, an expired claim taken over, finished ones pruned.
@Suite("Store: reminders held for quiet hours")
struct ReminderScheduleStoreTests {
    static let requested = Date(timeIntervalSince1970: 1_800_000_000)
    static let due = requested.addingTimeInterval(3_600)

    /// A practice created in `store`; its id.
    static func practice(in store: any ConformingStore) async throws -> PracticeID {
        try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
    }

    static func request(_ practice: PracticeID, key: String, body: String = "Rex is due.") throws -> ScheduledReminder {
        ScheduledReminder(
            practiceID: practice, key: key, fingerprint: "f-\(body)", phone: try PhoneNumber(parsing: "212-555-0142"),
            body: body, kind: "reminder", pmsClientID: nil, requestedAt: requested, sendAt: due,
            timeZone: "America/New_York", state: .scheduled)
    }

    @Test("Q1: a key is stored once per practice; a repeat returns the first request, whatever it holds", arguments: StoreKind.allCases)
    func oneRequestPerKey(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
            let first = try await store.recordReminderRequest(try Self.request(practice, key: "k"))
            #expect(first.created)
            let again = try await store.recordReminderRequest(try Self.request(practice, key: "k", body: "Other."))
            #expect(!again.created)
            #expect(again.reminder == first.reminder)
            #expect(try await store.reminderRequest(practice: practice, key: "k") == first.reminder)
            let other = try await store.createPractice(try StoreFixtures.practice("800-555-1001"))
            #expect(try await store.recordReminderRequest(try Self.request(other.id, key: "k")).created)
        }
    }

    @Test("Q1: nothing is due before its time; of two concurrent claims one gets it; an expired claim is taken over", arguments: StoreKind.allCases)
    func claims(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
            _ = try await store.recordReminderRequest(try Self.request(practice, key: "k"))
            #expect(try await store.claimDueReminders(now: Self.due.addingTimeInterval(-1), leaseUntil: Self.due, limit: 10).isEmpty)
            #expect(try await store.nextReminderSendTime() == Self.due)
            async let a = store.claimDueReminders(now: Self.due, leaseUntil: Self.due.addingTimeInterval(120), limit: 10)
            async let b = store.claimDueReminders(now: Self.due, leaseUntil: Self.due.addingTimeInterval(120), limit: 10)
            let claimed = try await [a, b]
            #expect(claimed.map(\.count).sorted() == [0, 1])
            // Within the lease nobody else takes it; after it, it is taken over with its first claim time.
            #expect(try await store.claimDueReminders(now: Self.due.addingTimeInterval(60), leaseUntil: Self.due, limit: 10).isEmpty)
            let later = Self.due.addingTimeInterval(121)
            let takeover = try await store.claimDueReminders(now: later, leaseUntil: later.addingTimeInterval(120), limit: 10)
            #expect(takeover.count == 1)
            #expect(takeover.first?.claimedAt == Self.due)
            let finished = try await store.finishReminder(
                id: try #require(takeover.first).id, state: .refused, message: nil, refusalCode: "reminder.opted_out",
                refusalMessage: "Opted out.")
            #expect(finished?.state == .refused)
            #expect(try await store.claimDueReminders(now: later.addingTimeInterval(600), leaseUntil: later, limit: 10).isEmpty)
            #expect(try await store.nextReminderSendTime() == nil)
            // Finished requests are forgotten after their time; the key may then be used again.
            #expect(try await store.pruneReminderRequests(before: Self.requested) == 0)
            #expect(try await store.pruneReminderRequests(before: Self.requested.addingTimeInterval(1)) == 1)
            #expect(try await store.reminderRequest(practice: practice, key: "k") == nil)
        }
    }
}
