import Foundation
import TextingCore
import TextingStore

extension ForwardingStore {
    public func recordReminderRequest(_ reminder: ScheduledReminder) async throws -> (reminder: ScheduledReminder, created: Bool) {
        try await base.recordReminderRequest(reminder)
    }
    public func reminderRequest(practice: PracticeID, key: String) async throws -> ScheduledReminder? {
        try await base.reminderRequest(practice: practice, key: key)
    }
    public func claimDueReminders(now: Date, leaseUntil: Date, limit: Int) async throws -> [ScheduledReminder] {
        try await base.claimDueReminders(now: now, leaseUntil: leaseUntil, limit: limit)
    }
    public func finishReminder(
        id: Int64, state: ScheduledReminder.State, message: MessageID?, refusalCode: String?, refusalMessage: String?
    ) async throws -> ScheduledReminder? {
        try await base.finishReminder(id: id, state: state, message: message, refusalCode: refusalCode, refusalMessage: refusalMessage)
    }
    public func sentReminderMessage(practice: PracticeID, phone: PhoneNumber, body: String, since: Date) async throws -> MessageID? {
        try await base.sentReminderMessage(practice: practice, phone: phone, body: body, since: since)
    }
    public func nextReminderSendTime() async throws -> Date? {
        try await base.nextReminderSendTime()
    }
    public func pruneReminderRequests(before: Date) async throws -> Int {
        try await base.pruneReminderRequests(before: before)
    }
}
