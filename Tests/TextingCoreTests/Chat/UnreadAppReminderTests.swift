import Foundation
import Testing
import TextingCore

@Suite("P2, P3: the one text about unread app messages")
struct UnreadAppReminderTests {
    let sentAt = Date(timeIntervalSince1970: 1_796_223_600)
    let delay: Duration = .seconds(15 * 60)

    func practice(texting: Bool = true, number: Bool = true) throws -> Practice {
        Practice(
            id: PracticeID(1), name: "Maple Vet", country: .unitedStates,
            timeZone: try #require(TimeZone(identifier: "America/New_York")),
            practicePhone: try PhoneNumber(parsing: "312-555-0100"), emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
            appChatEnabled: true, textingEnabled: texting,
            number: number ? .assigned(try PhoneNumber(parsing: "833-555-0100")) : .none)
    }

    func decide(after minutes: Double, twoWay: Bool = true, practice: Practice, quietUntil: Date? = nil,
                delay: Duration? = nil) -> UnreadAppReminder {
        UnreadAppReminder.decide(oldestUnread: sentAt, delay: delay ?? self.delay,
                                 now: sentAt.addingTimeInterval(minutes * 60), twoWaySubscribed: twoWay,
                                 practice: practice, quietUntil: quietUntil)
    }

    @Test("Unread for less than the delay: wait until it is reached; then send")
    func waitsForTheDelay() throws {
        let p = try practice()
        #expect(decide(after: 14, practice: p) == .wait(until: sentAt.addingTimeInterval(15 * 60)))
        #expect(decide(after: 15, practice: p) == .send)
        #expect(decide(after: 600, practice: p) == .send)
    }

    @Test("O1/O2/S6: a number opted out of 2-way texting gets none, and that is recorded")
    func optedOut() throws {
        #expect(decide(after: 20, twoWay: false, practice: try practice()) == .skip(.optedOut))
    }

    @Test("E3/E4: no text from a practice whose texting is off or has no number")
    func textingOff() throws {
        #expect(decide(after: 20, practice: try practice(texting: false)) == .skip(.textingOff))
        #expect(decide(after: 20, practice: try practice(number: false)) == .skip(.textingOff))
    }

    @Test("Q1's quiet hours hold the text until they end")
    func quietHours() throws {
        let opens = sentAt.addingTimeInterval(9 * 3600)
        #expect(decide(after: 20, practice: try practice(), quietUntil: opens) == .wait(until: opens))
    }

    @Test("A delay of 0 turns the text off")
    func off() throws {
        #expect(decide(after: 20, practice: try practice(), delay: .zero) == .skip(.turnedOff))
    }

    @Test("The text names the practice")
    func wording() {
        #expect(Replies.unreadAppMessage(practiceName: "Maple Vet") == "You have a new message from Maple Vet in the app.")
    }
}
