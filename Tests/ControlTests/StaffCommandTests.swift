import Control
import Foundation
import TextingCore
import Testing

/// Staff actions through the control socket: starting conversations (S1–S7), the after-hours
/// override (A2), reminders (E5, A6), hours (A3) and practice isolation (D4).
@Suite("Staff commands")
struct StaffCommandTests {
    @Test("S4, S5: a typed number with a name creates the profile; a second start is refused with the active id")
    func startConversation() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: "(312) 555-2010", firstName: "Pat", lastName: "Lee",
            title: "Vaccines", message: "Max is due for his vaccines."))
        #expect(started.channel == "text")
        #expect(started.chat?.reasonCode == "notInstalledOrSignedIn")
        #expect(started.message != nil)
        let profile = try await harness.call(ProfileShowCommand(practice: practice.id, phone: "312-555-2010"))
        #expect(profile.profile?.name == "Pat Lee" && profile.profile?.source == "staff")

        let again = await harness.refusal(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: "+1 312 555 2010", title: "Again"))
        #expect(again.code == "conversation.already_active")
        #expect(again.message.contains("\(started.conversation)"))

        let half = await harness.refusal(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: "312-555-2011", firstName: "Pat", title: "Half a name"))
        #expect(half.code == ControlErrorCode.badArguments)

        let abroad = await harness.refusal(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: "+44 20 7946 0958", title: "Abroad"))
        #expect(abroad.code == "phone.not_north_american")
        #expect(abroad.message.hasPrefix("The client's number:"))
    }

    @Test("S7: blocked content is refused naming the rule; warned content needs --confirm")
    func contentPolicy() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: ControlHarness.client(20), firstName: "Pat", lastName: "Lee", title: "Meds"))
        let blocked = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: "Try CBD oil from bit.ly/x"))
        #expect(blocked.code == "policy.blocked")
        let warned = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: "Keep the rubbing alcohol away."))
        #expect(warned.code == "policy.confirmation_required")
        let confirmed = try await harness.call(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: "Keep the rubbing alcohol away.",
            confirm: true))
        #expect(confirmed.message != nil)
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: started.conversation))
        #expect(shown.messages.map(\.body) == ["Keep the rubbing alcohol away."])
    }

    @Test("Attachments are refused for now, and nothing is sent")
    func attachments() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let refusal = await harness.refusal(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: ControlHarness.client(21), title: "X-ray", message: "Here it is",
            attachments: ["xray.jpg"]))
        #expect(refusal.code == "attachment.not_supported")
        #expect(try await harness.call(ConversationListCommand(practice: practice.id)).conversations.isEmpty)
    }

    @Test("A1, A2: staff starting a conversation at night silences the after-hours reply until the next opening")
    func afterHoursOverride() async throws {
        let harness = try await ControlHarness(start: ControlHarness.wednesdayNight)
        let practice = try await harness.onboardedPractice()
        let hours = try await harness.call(HoursShowCommand(practice: practice.id))
        #expect(!hours.openNow)
        #expect(hours.opensAt == ControlHarness.wednesdayMorning.addingTimeInterval(22 * 3600))  // Thursday 08:00 in New York

        // Without staff: the after-hours reply.
        let stranger = try await harness.call(SandboxTextCommand(practice: practice.id, from: ControlHarness.client(30), body: "Hi"))
        #expect(stranger.replies.first == Replies.afterHours(emergencyPhone: "(312) 555-0199"))

        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Dr. Alice", to: ControlHarness.client(31), firstName: "Sam", lastName: "Ray",
            title: "Surgery", message: "Surgery went well."))
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: started.conversation))
        #expect(shown.conversation.afterHoursOverrideUntil == hours.opensAt)
        let answer = try await harness.call(SandboxTextCommand(practice: practice.id, from: ControlHarness.client(31), body: "Thank you!"))
        #expect(answer.replies.isEmpty)
    }

    @Test("E5, A6: a reminder is sent from the practice number and a reply within 48 hours carries it")
    func reminder() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(40)
        _ = try await harness.call(ProfileEditCommand(practice: practice.id, staff: "Bob", phone: client, firstName: "Lou", lastName: "Park"))
        let sent = try await harness.call(ReminderSendCommand(
            practice: practice.id, staff: "Bob", to: client, message: "Rex is due for his rabies vaccine."))
        #expect(sent.message != nil)
        try await harness.deliver()
        let inbox = try await harness.call(SandboxInboxCommand(number: client))
        #expect(inbox.messages.map(\.from) == [practice.number.number])
        let reply = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Can we come Friday?"))
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: try #require(reply.conversation)))
        #expect(shown.messages.first?.reminderContext?.body == "Rex is due for his rabies vaccine.")
    }

    @Test("A3: weekly hours, exceptions and clearing")
    func hours() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()
        #expect(try await harness.call(HoursShowCommand(practice: practice.id)).configured == false)
        let set = try await harness.call(HoursSetCommand(practice: practice.id, day: "Mon", intervals: ["08:00-12:00,13:00-18:00"]))
        #expect(set.configured)
        #expect(set.weekly.map(\.day) == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
        #expect(set.weekly[0].intervals == ["08:00-12:00", "13:00-18:00"])
        #expect(set.weekly[1].intervals.isEmpty)
        let night = try await harness.call(HoursSetCommand(practice: practice.id, day: "friday", intervals: ["22:00-02:00"]))
        #expect(night.weekly[4].intervals == ["22:00-02:00"])
        let closedDay = try await harness.call(HoursSetCommand(practice: practice.id, day: "friday", intervals: []))
        #expect(closedDay.weekly[4].intervals.isEmpty)

        let holiday = try await harness.call(HoursExceptionCommand(practice: practice.id, date: "2026-12-25", closed: true))
        #expect(holiday.exceptions == [DateHours(date: "2026-12-25", closed: true, intervals: [])])
        let special = try await harness.call(HoursExceptionCommand(practice: practice.id, date: "2026-12-24", intervals: ["08:00-12:00"]))
        #expect(special.exceptions.map(\.date) == ["2026-12-24", "2026-12-25"])
        let removed = try await harness.call(HoursExceptionCommand(practice: practice.id, date: "2026-12-25", remove: true))
        #expect(removed.exceptions.map(\.date) == ["2026-12-24"])

        let badInterval = await harness.refusal(HoursSetCommand(practice: practice.id, day: "monday", intervals: ["08:00"]))
        #expect(badInterval.code == "hours.invalid_interval")
        let badDay = await harness.refusal(HoursSetCommand(practice: practice.id, day: "someday", intervals: []))
        #expect(badDay.code == "hours.invalid_weekday")
        let badDate = await harness.refusal(HoursExceptionCommand(practice: practice.id, date: "2026-02-30", closed: true))
        #expect(badDate.code == "hours.invalid_date")
        let both = await harness.refusal(HoursExceptionCommand(practice: practice.id, date: "2026-12-31", closed: true, remove: true))
        #expect(both.code == ControlErrorCode.badArguments)

        let cleared = try await harness.call(HoursClearCommand(practice: practice.id))
        #expect(!cleared.configured && cleared.openNow)
    }

    @Test("D4: one practice never sees another's conversations or profiles")
    func isolation() async throws {
        let harness = try await ControlHarness()
        let maple = try await harness.onboardedPractice(name: "Maple Vet")
        let oak = try await harness.onboardedPractice(name: "Oak Animal Hospital")
        let text = try await harness.call(SandboxTextCommand(practice: maple.id, from: ControlHarness.client(50), body: "Hello Maple"))
        let conversation = try #require(text.conversation)
        let hidden = await harness.refusal(ConversationShowCommand(practice: oak.id, conversation: conversation))
        #expect(hidden.code == "conversation.not_found")
        let reply = await harness.refusal(ConversationReplyCommand(practice: oak.id, staff: "Eve", conversation: conversation, message: "Hi"))
        #expect(reply.code == "conversation.not_found")
        let end = await harness.refusal(ConversationEndCommand(practice: oak.id, staff: "Eve", conversation: conversation))
        #expect(end.code == "conversation.not_found")
        #expect(try await harness.call(ConversationListCommand(practice: oak.id, all: true)).conversations.isEmpty)
        #expect(try await harness.call(ProfileShowCommand(practice: oak.id, phone: ControlHarness.client(50))).profile == nil)
    }
}
