import Foundation
import TextingCore

/// Reminders requested by the practice platform: held for quiet hours, and remembered by
/// idempotency key (E5, Q1).
///
/// Sending is claim → send → mark: a reminder is claimed (state `sending`, with a lease)
/// before it is handed to routing and marked `sent` or `refused` after. A claim whose lease ran
/// out (its daemon died) may be taken again; whoever takes it first asks
/// ``sentReminderMessage(practice:phone:body:since:)`` whether the text was committed after the
/// claim, and marks it instead of sending it twice.
public protocol ReminderScheduleStore: Sendable {
    /// Stores `reminder` under (practice, key), or returns the request already stored there
    /// (`created` false), whatever its content: the caller compares fingerprints.
    func recordReminderRequest(_ reminder: ScheduledReminder) async throws -> (reminder: ScheduledReminder, created: Bool)
    /// The request of `practice` stored under `key`.
    func reminderRequest(practice: PracticeID, key: String) async throws -> ScheduledReminder?
    /// Claims up to `limit` reminders that are due at `now` (scheduled, or sending with an
    /// expired claim) until `leaseUntil`, oldest send time first; each is claimed by one caller only.
    func claimDueReminders(now: Date, leaseUntil: Date, limit: Int) async throws -> [ScheduledReminder]
    /// Marks a claimed reminder sent with `message`, or refused with a reason.
    func finishReminder(id: Int64, state: ScheduledReminder.State, message: MessageID?, refusalCode: String?,
                        refusalMessage: String?) async throws -> ScheduledReminder?
    /// The message of a reminder to `phone` with `body` committed at or after `since`, if any.
    func sentReminderMessage(practice: PracticeID, phone: PhoneNumber, body: String, since: Date) async throws -> MessageID?
    /// The earliest send time of a held reminder, to sleep until it.
    func nextReminderSendTime() async throws -> Date?
    /// Forgets finished requests (sent or refused) requested before `before` (their keys may then
    /// be used again); returns how many.
    func pruneReminderRequests(before: Date) async throws -> Int
}
