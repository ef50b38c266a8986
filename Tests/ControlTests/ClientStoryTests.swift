import Control
import Foundation
import TextingCore
import Testing

/// One client's whole story, driven only through control commands: an unknown number texts
/// (through `Router.dispatch`, as the webhook), answers the three profile questions, staff
/// answer, the client texts STOP, staff are refused, and the client comes back.
@Suite("A client's story through the control socket")
struct ClientStoryTests {
    @Test("A4, A5, R2, C3, S6, O2, O3, O4: unknown texter to profile, reply, STOP and back")
    func wholeStory() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(1)

        // A4: an unknown number gets question 1.
        let first = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Is Bella's prescription ready?"))
        #expect(first.disposition == "routed")
        #expect(first.to == practice.number.number)
        #expect(first.sid.hasPrefix("SM") && first.sid.count == 34)
        #expect(first.replies == [Replies.profileQuestion1])
        let conversation = try #require(first.conversation)

        #expect(try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Sarah")).replies
            == [Replies.profileQuestion2(firstName: "Sarah")])
        #expect(try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Connor")).replies
            == [Replies.profileQuestion3])
        #expect(try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "sarah@example.com")).replies
            .isEmpty)
        try await harness.deliver()
        #expect(try await harness.inbox(client) == [
            Replies.profileQuestion1, Replies.profileQuestion2(firstName: "Sarah"), Replies.profileQuestion3,
        ])

        // The profile is remembered; A5: the email is not in the (empty) PMS directory.
        let profile = try #require(try await harness.call(ProfileShowCommand(practice: practice.id, phone: "(312) 555-2001")).profile)
        #expect(profile.name == "Sarah Connor")
        #expect(profile.email == "sarah@example.com")
        #expect(profile.source == "bot")
        #expect(profile.emailMissingFromPMS)

        let list = try await harness.call(ConversationListCommand(practice: practice.id))
        #expect(list.conversations.map(\.id) == [conversation])
        #expect(list.conversations.first?.clientName == "Sarah Connor")
        #expect(list.conversations.first?.profileBot == "finished")

        // Staff answer by text (no app account: S2 reason given); C3: delivery state shown.
        let reply = try await harness.call(ConversationReplyCommand(
            practice: practice.id, staff: "Dr. Alice", conversation: conversation, message: "Yes, ready for pickup after 2pm."))
        #expect(reply.channelLabel == "Sent via Text")
        try await harness.deliver()
        #expect(try await harness.inbox(client).last == "Yes, ready for pickup after 2pm.")
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: conversation))
        #expect(shown.messages.map(\.channelLabel).allSatisfy { $0 == "Sent via Text" })
        #expect(shown.messages.first?.body == "Is Bella's prescription ready?")
        #expect(shown.messages.first?.author == "client")
        let staffMessage = try #require(shown.messages.last)
        #expect(staffMessage.author == "staff:Dr. Alice")
        #expect(staffMessage.clientName == "Sarah Connor")
        #expect(staffMessage.delivery?.state == "delivered")
        #expect(shown.client?.name == "Sarah Connor")

        // O2: STOP opts out of both, with one confirmation.
        let stop = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: " stop! "))
        #expect(stop.disposition == "keyword")
        #expect(stop.replies == [Replies.optOutConfirmation(practiceName: "Maple Vet")])
        let stopped = try await harness.call(SubscriptionShowCommand(practice: practice.id, phone: client))
        #expect(!stopped.twoWay && !stopped.reminders)
        #expect(stopped.twoWayOptedOutAt == ControlHarness.wednesdayMorning)

        // S6: staff cannot text an opted-out number; the reason names the date.
        let refused = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Dr. Alice", conversation: conversation, message: "Are you there?"))
        #expect(refused.code == "subscription.opted_out")
        #expect(refused.message.contains("2026-12-02"))
        let reminder = await harness.refusal(ReminderSendCommand(
            practice: practice.id, staff: "Dr. Alice", to: client, message: "Bella is due for her rabies shot."))
        #expect(reminder.code == "reminder.opted_out")

        // O3: any later text opts the number back in; staff can answer again.
        let back = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Sorry, wrong button"))
        #expect(back.disposition == "routed")
        #expect(back.conversation == conversation)
        let resubscribed = try await harness.call(SubscriptionShowCommand(practice: practice.id, phone: client))
        #expect(resubscribed.twoWay && resubscribed.reminders)
        // O4: every change with who, how and when.
        #expect(resubscribed.history.map(\.method) == ["keyword STOP", "keyword STOP", "inbound text", "inbound text"])
        #expect(resubscribed.history.map(\.actor).allSatisfy { $0 == "client" })
        _ = try await harness.call(ConversationReplyCommand(
            practice: practice.id, staff: "Dr. Alice", conversation: conversation, message: "No problem!"))

        // O1: staff opt the number out of 2-way texting only, before ending the conversation.
        let optedOut = try await harness.call(ConversationOptOutCommand(practice: practice.id, staff: "Dr. Alice", conversation: conversation))
        #expect(!optedOut.twoWay && optedOut.reminders)
        #expect(optedOut.history.last?.actor == "staff:Dr. Alice")
        #expect(optedOut.history.last?.method == "conversation opt-out")
        // O4: and opt it back in from the subscription settings.
        let optedIn = try await harness.call(SubscriptionSetCommand(practice: practice.id, staff: "Bob", phone: client, twoWay: true))
        #expect(optedIn.twoWay)
        #expect(optedIn.history.last?.actor == "staff:Bob")
        #expect(optedIn.history.last?.method == "subscription settings")

        // C1: ending the conversation; the next text opens a new one, still known by name (R3).
        #expect(try await harness.call(ConversationEndCommand(practice: practice.id, staff: "Bob", conversation: conversation)).active == false)
        let next = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "One more question"))
        let second = try #require(next.conversation)
        #expect(second != conversation)
        #expect(next.replies.isEmpty)
        let all = try await harness.call(ConversationListCommand(practice: practice.id, all: true))
        #expect(all.conversations.map(\.active) == [false, true])
        #expect(try await harness.call(ConversationListCommand(practice: practice.id)).conversations.map(\.id) == [second])

        // C2: editing the profile changes later messages, never stored ones.
        let edited = try await harness.call(ProfileEditCommand(
            practice: practice.id, staff: "Bob", conversation: second, firstName: "Sara"))
        #expect(edited.profile?.name == "Sara Connor")
        _ = try await harness.call(SandboxTextCommand(practice: practice.id, from: client, body: "Thanks"))
        let names = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: second)).messages
            .map(\.clientName)
        #expect(names == ["Sarah Connor", "Sara Connor"])
    }

    @Test("C3: a failed delivery shows the carrier's code and a plain explanation")
    func deliveryFailure() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let landline = "+13125550106"  // the sandbox reports 30006 for the fictional line 555-0106
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: landline, firstName: "Pat", lastName: "Lee", title: "Lab results",
            message: "Your results are in."))
        try await harness.deliver()
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: started.conversation))
        let delivery = try #require(shown.messages.last?.delivery)
        #expect(delivery.state == "undelivered")
        #expect(delivery.errorCode == 30006)
        #expect(delivery.explanation == CarrierErrorCode.explanation(30006))
        let inbox = try await harness.call(SandboxInboxCommand(number: landline))
        #expect(inbox.messages.first?.errorCode == 30006)
    }

    @Test("E4: a text to a practice whose texting is off is stored unrouted, without a reply")
    func textingOff() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        _ = try await harness.call(TextingDisableCommand(practice: practice.id))
        let outcome = try await harness.call(SandboxTextCommand(practice: practice.id, from: ControlHarness.client(2), body: "Hello?"))
        #expect(outcome.disposition == "unrouted")
        #expect(outcome.replies.isEmpty)
        #expect(outcome.conversation == nil)
    }
}
