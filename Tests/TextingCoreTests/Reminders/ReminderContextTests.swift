import Foundation
import Testing
@testable import TextingCore

@Suite("Reminder context (A6)")
struct ReminderContextTests {
    let reply = Date(timeIntervalSince1970: 1_750_000_000)

    private func reminder(_ id: Int64, hoursBefore hours: Double) -> SentReminder {
        SentReminder(id: id, body: "Reminder \(id)", sentAt: reply.addingTimeInterval(-hours * 3600))
    }

    @Test("A6: the window is 48 hours")
    func window() {
        #expect(ReminderContext.window == .seconds(172_800))
    }

    @Test("A6: a reminder sent 47 h before the reply is carried")
    func within() {
        let sent = reminder(1, hoursBefore: 47)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [sent]) == sent)
    }

    @Test("A6: a reminder sent 49 h before the reply is not carried")
    func outside() {
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [reminder(1, hoursBefore: 49)]) == nil)
    }

    @Test("A6: exactly 48 h is still carried; one second more is not")
    func boundary() {
        let exactly = reminder(1, hoursBefore: 48)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [exactly]) == exactly)
        let later = SentReminder(id: 2, body: "x", sentAt: reply.addingTimeInterval(-48 * 3600 - 1))
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [later]) == nil)
    }

    @Test("A6: the most recent of two reminders in the window is chosen, in any input order")
    func mostRecent() {
        let older = reminder(1, hoursBefore: 30)
        let newer = reminder(2, hoursBefore: 2)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [older, newer]) == newer)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [newer, older]) == newer)
    }

    @Test("A6: a reminder sent after the reply is ignored")
    func future() {
        let before = reminder(1, hoursBefore: 5)
        let after = reminder(2, hoursBefore: -1)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [before, after]) == before)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [after]) == nil)
    }

    @Test("A6: a reminder sent at the same instant as the reply is carried; equal times pick the greater id")
    func sameInstant() {
        let first = reminder(7, hoursBefore: 0)
        let second = reminder(9, hoursBefore: 0)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: [second, first]) == second)
        #expect(ReminderContext.context(forReplyAt: reply, reminders: []) == nil)
    }
}
