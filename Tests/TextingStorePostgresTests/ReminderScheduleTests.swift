import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// The reminder schedule on PostgreSQL (issue 14, E5, Q1, M1): one request per (practice,
/// Idempotency-Key) also when two daemons store it at once, and each due reminder claimed by one
/// daemon only, until its lease runs out.
@Suite("PostgresStore: reminders held for quiet hours")
struct ReminderScheduleTests {
    static let requested = Date(timeIntervalSince1970: 1_800_000_000)
    static let due = requested.addingTimeInterval(3_600)

    static func request(_ practice: PracticeID, key: String, body: String = "Rex is due.") -> ScheduledReminder {
        ScheduledReminder(
            practiceID: practice, key: key, fingerprint: "f-\(body)", phone: SessionTests.phone, body: body, kind: "reminder",
            pmsClientID: nil, requestedAt: requested, sendAt: due, timeZone: "America/New_York", state: .scheduled)
    }

    @Test("Q1, M1: a key is stored once per practice, also by two daemons at once; a repeat returns the first request")
    func oneRequestPerKey() async throws {
        try await SessionTests.withTwoDaemons { first, second, practice in
            let stored = try await first.recordReminderRequest(Self.request(practice, key: "k"))
            #expect(stored.created && stored.reminder.id > 0)
            let again = try await second.recordReminderRequest(Self.request(practice, key: "k", body: "Other."))
            #expect(!again.created && again.reminder == stored.reminder)
            #expect(try await first.reminderRequest(practice: practice, key: "k") == stored.reminder)
            #expect(try await first.reminderRequest(practice: practice, key: "none") == nil)

            for round in 0..<5 {
                async let a = first.recordReminderRequest(Self.request(practice, key: "c\(round)"))
                async let b = second.recordReminderRequest(Self.request(practice, key: "c\(round)", body: "B"))
                let results = try await [a, b]
                #expect(results.filter(\.created).count == 1)
                #expect(results[0].reminder == results[1].reminder)
            }
        }
    }

    @Test("Q1, M1: of two daemons claiming at once each reminder goes to one; an expired claim is taken over")
    func claims() async throws {
        try await SessionTests.withTwoDaemons { first, second, practice in
            for index in 0..<6 { _ = try await first.recordReminderRequest(Self.request(practice, key: "k\(index)")) }
            #expect(try await first.claimDueReminders(now: Self.due.addingTimeInterval(-1), leaseUntil: Self.due, limit: 10).isEmpty)
            #expect(try await first.nextReminderSendTime() == Self.due)
            let lease = Self.due.addingTimeInterval(120)
            async let a = first.claimDueReminders(now: Self.due, leaseUntil: lease, limit: 4)
            async let b = second.claimDueReminders(now: Self.due, leaseUntil: lease, limit: 4)
            let (one, two) = try await (a, b)
            #expect(Set(one.map(\.id)).isDisjoint(with: two.map(\.id)) && one.count + two.count == 6)
            #expect((one + two).allSatisfy { $0.state == .sending && $0.claimedUntil == lease && $0.claimedAt == Self.due })
            #expect(try await first.nextReminderSendTime() == lease)

            // Within the lease nobody takes them; after it they are taken over with their first claim time.
            #expect(try await second.claimDueReminders(now: Self.due.addingTimeInterval(60), leaseUntil: lease, limit: 10).isEmpty)
            let later = lease.addingTimeInterval(1)
            let takeover = try await second.claimDueReminders(now: later, leaseUntil: later.addingTimeInterval(120), limit: 10)
            #expect(takeover.count == 6 && takeover.allSatisfy { $0.claimedAt == Self.due })
            #expect(takeover.map(\.id) == takeover.map(\.id).sorted())

            for (index, reminder) in takeover.enumerated() {
                let finished = try await first.finishReminder(
                    id: reminder.id, state: index == 0 ? .sent : .refused, message: index == 0 ? MessageID(1) : nil,
                    refusalCode: index == 0 ? nil : "reminder.opted_out", refusalMessage: index == 0 ? nil : "Opted out.")
                #expect(finished?.claimedUntil == nil && finished?.state == (index == 0 ? .sent : .refused))
            }
            #expect(try await first.finishReminder(id: 999_999, state: .sent, message: nil, refusalCode: nil,
                                                   refusalMessage: nil) == nil)
            #expect(try await first.claimDueReminders(now: later.addingTimeInterval(600), leaseUntil: later, limit: 10).isEmpty)
            #expect(try await first.nextReminderSendTime() == nil)
            // Finished requests are forgotten after their time; the key may then be used again.
            #expect(try await first.pruneReminderRequests(before: Self.requested) == 0)
            #expect(try await first.pruneReminderRequests(before: Self.requested.addingTimeInterval(1)) == 6)
            #expect(try await first.reminderRequest(practice: practice, key: "k0") == nil)
        }
    }

    @Test("A6, E5: a reminder committed after a claim is found by its text, so a takeover does not send it twice")
    func sentReminderFound() async throws {
        try await SessionTests.withTwoDaemons { store, _, practice in
            let at = Self.due.addingTimeInterval(5)
            let commit = try await store.commit(SessionBatch(practiceID: practice, phone: SessionTests.phone, messages: [
                MessageDraft(direction: .outbound, author: .reminder, body: "Rex is due.", inConversation: false,
                             sendFrom: PhoneNumber(e164: "+18005551000"), isReminder: true, createdAt: at),
            ]))
            let phone = SessionTests.phone
            #expect(try await store.sentReminderMessage(practice: practice, phone: phone, body: "Rex is due.", since: Self.due)
                    == commit.messageIDs.first)
            #expect(try await store.sentReminderMessage(practice: practice, phone: phone, body: "Rex is due.",
                                                        since: at.addingTimeInterval(1)) == nil)
            #expect(try await store.sentReminderMessage(practice: practice, phone: phone, body: "Other.", since: Self.due) == nil)
        }
    }
}
