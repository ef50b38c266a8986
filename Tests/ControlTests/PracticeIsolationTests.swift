import Control
import Foundation
import TextingCore
import Testing

/// D4, W2: one client number texting two practices of one daemon. Each practice has its own
/// subscriptions (O2, O4), its own active conversation (S5, R1), its own bot profile (A4, R3) and
/// its own reminders (A6); every command naming another practice's ids answers as if they did
/// not exist and never acts on the other practice's data.
@Suite("Practice isolation (D4, W2)")
struct PracticeIsolationTests {
    /// The client who texts both practices.
    static let client = ControlHarness.client(70)

    /// Two onboarded practices, Maple Vet and Oak Animal Hospital, each with its own number.
    private func twoPractices(_ harness: ControlHarness) async throws -> (maple: PracticeInfo, oak: PracticeInfo) {
        let maple = try await harness.onboardedPractice(name: "Maple Vet")
        let oak = try await harness.onboardedPractice(name: "Oak Animal Hospital")
        #expect(maple.number.number != oak.number.number)
        return (maple, oak)
    }

    @Test("O2, O4: STOP to one practice leaves the number subscribed at the other")
    func stopIsPerPractice() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        _ = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Hi Maple"))
        _ = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "Hi Oak"))
        let stop = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "STOP"))
        #expect(stop.disposition == "keyword")

        let atMaple = try await harness.call(SubscriptionShowCommand(practice: maple.id, phone: Self.client))
        #expect(!atMaple.twoWay && !atMaple.reminders)
        let atOak = try await harness.call(SubscriptionShowCommand(practice: oak.id, phone: Self.client))
        #expect(atOak.twoWay && atOak.reminders)
        #expect(atOak.history.isEmpty, "Oak's history holds none of Maple's changes")

        // Oak can still text the client; Maple cannot (S6).
        let oakConversation = try #require(try await harness.call(ConversationListCommand(practice: oak.id)).conversations.first)
        let oakReply = try await harness.call(ConversationReplyCommand(
            practice: oak.id, staff: "Eve", conversation: oakConversation.id, message: "Rex is ready for pickup."))
        #expect(oakReply.message != nil)
        let reminder = try await harness.call(ReminderSendCommand(
            practice: oak.id, staff: "Eve", to: Self.client, message: "Rex is due for his booster."))
        #expect(reminder.message != nil)
        let refused = await harness.refusal(ReminderSendCommand(
            practice: maple.id, staff: "Bob", to: Self.client, message: "Bella is due for her booster."))
        #expect(refused.code == "reminder.opted_out")

        // START at Oak (already subscribed) changes nothing at Maple.
        _ = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "START"))
        let stillOut = try await harness.call(SubscriptionShowCommand(practice: maple.id, phone: Self.client))
        #expect(!stillOut.twoWay && !stillOut.reminders)

        // Staff settings at Oak stay at Oak.
        _ = try await harness.call(SubscriptionSetCommand(practice: oak.id, staff: "Eve", phone: Self.client, reminders: false))
        let oakAfter = try await harness.call(SubscriptionShowCommand(practice: oak.id, phone: Self.client))
        #expect(oakAfter.twoWay && !oakAfter.reminders)
        let mapleAfter = try await harness.call(SubscriptionShowCommand(practice: maple.id, phone: Self.client))
        #expect(mapleAfter.history.allSatisfy { $0.method == "keyword STOP" })
    }

    @Test("S5, R1: one active conversation per practice; ending one leaves the other")
    func oneActiveConversationPerPractice() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        let toMaple = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Hi Maple"))
        let toOak = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "Hi Oak"))
        let mapleConversation = try #require(toMaple.conversation)
        let oakConversation = try #require(toOak.conversation)
        #expect(mapleConversation != oakConversation)
        let again = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Still there?"))
        #expect(again.conversation == mapleConversation)

        // Each practice lists its own conversation with its own messages only.
        let mapleList = try await harness.call(ConversationListCommand(practice: maple.id, all: true)).conversations
        let oakList = try await harness.call(ConversationListCommand(practice: oak.id, all: true)).conversations
        #expect(mapleList.map(\.id) == [mapleConversation] && mapleList.allSatisfy { $0.practice == maple.id })
        #expect(oakList.map(\.id) == [oakConversation] && oakList.allSatisfy { $0.practice == oak.id })
        let oakShown = try await harness.call(ConversationShowCommand(practice: oak.id, conversation: oakConversation))
        #expect(oakShown.messages.filter { $0.direction == "inbound" }.map(\.body) == ["Hi Oak"])

        // S5 holds per practice: Oak cannot start a second one, Maple's refusal names Maple's.
        let oakStart = await harness.refusal(ConversationStartCommand(
            practice: oak.id, staff: "Eve", to: Self.client, title: "Another"))
        #expect(oakStart.code == "conversation.already_active")
        #expect(oakStart.message.contains("conversation \(oakConversation)"))
        #expect(!oakStart.message.contains("conversation \(mapleConversation)"))

        // Ending Maple's leaves Oak's active; the next text to Maple opens a new one there.
        _ = try await harness.call(ConversationEndCommand(practice: maple.id, staff: "Bob", conversation: mapleConversation))
        let oakStill = try await harness.call(ConversationShowCommand(practice: oak.id, conversation: oakConversation))
        #expect(oakStill.conversation.active)
        let reopened = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "One more thing"))
        #expect(reopened.conversation != mapleConversation && reopened.conversation != oakConversation)
        let oakNext = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "And for Oak"))
        #expect(oakNext.conversation == oakConversation)
    }

    @Test("A4, R3: each practice's bot collects its own profile; one practice's profile is unknown to the other")
    func separateBotProfiles() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        let toMaple = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Hi Maple"))
        #expect(toMaple.replies.last?.hasSuffix("(Question 1/3)") == true)
        for answer in ["Sarah", "Connor", "sarah@example.com"] {
            _ = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: answer))
        }
        let mapleProfile = try await harness.call(ProfileShowCommand(practice: maple.id, phone: Self.client))
        #expect(mapleProfile.profile?.name == "Sarah Connor")

        // Oak has never heard of the number: its own bot asks, and Maple's profile stays hidden.
        #expect(try await harness.call(ProfileShowCommand(practice: oak.id, phone: Self.client)).profile == nil)
        let toOak = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "Hi Oak"))
        #expect(toOak.replies.last?.hasSuffix("(Question 1/3)") == true)
        let oakConversation = try #require(toOak.conversation)
        let oakShown = try await harness.call(ConversationShowCommand(practice: oak.id, conversation: oakConversation))
        #expect(oakShown.client == nil)
        #expect(oakShown.conversation.title != "Sarah Connor")
        #expect(oakShown.messages.allSatisfy { $0.clientName == nil })
        let second = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "Sam"))
        #expect(second.replies.last?.hasPrefix("Thanks, Sam.") == true)
        for answer in ["Connor", "sam@example.com"] {
            _ = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: answer))
        }
        #expect(try await harness.call(ProfileShowCommand(practice: oak.id, phone: Self.client)).profile?.name == "Sam Connor")
        #expect(try await harness.call(ProfileShowCommand(practice: maple.id, phone: Self.client)).profile?.name == "Sarah Connor")

        // A staff edit at Oak changes Oak's profile only (C2 per practice).
        _ = try await harness.call(ProfileEditCommand(
            practice: oak.id, staff: "Eve", phone: Self.client, firstName: "Samuel", lastName: "Connor"))
        #expect(try await harness.call(ProfileShowCommand(practice: maple.id, phone: Self.client)).profile?.name == "Sarah Connor")
        #expect(try await harness.call(ClientsSearchCommand(practice: oak.id, lastName: "Connor")).clients.map(\.name)
            == ["Samuel Connor"])
    }

    @Test("D4: another practice's conversation id is not found by any command that takes one")
    func conversationIdsAcrossPractices() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        let text = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Hello Maple"))
        let conversation = try #require(text.conversation)

        let profile = await harness.refusal(ProfileShowCommand(practice: oak.id, conversation: conversation))
        #expect(profile.code == "conversation.not_found")
        let edit = await harness.refusal(ProfileEditCommand(
            practice: oak.id, staff: "Eve", conversation: conversation, firstName: "Mallory", lastName: "Evil"))
        #expect(edit.code == "conversation.not_found")
        let optOut = await harness.refusal(ConversationOptOutCommand(practice: oak.id, staff: "Eve", conversation: conversation))
        #expect(optOut.code == "conversation.not_found")
        let end = await harness.refusal(ConversationEndCommand(practice: oak.id, staff: "Eve", conversation: conversation))
        #expect(end.code == "conversation.not_found")
        let reply = await harness.refusal(ConversationReplyCommand(
            practice: oak.id, staff: "Eve", conversation: conversation, message: "Hi from Oak"))
        #expect(reply.code == "conversation.not_found")

        // Maple's conversation, profile and subscriptions are exactly as before.
        let shown = try await harness.call(ConversationShowCommand(practice: maple.id, conversation: conversation))
        #expect(shown.conversation.active)
        #expect(shown.messages.allSatisfy { $0.direction == "inbound" || !$0.author.hasPrefix("staff:Eve") })
        #expect(shown.subscriptions.twoWay && shown.subscriptions.reminders)
        #expect(try await harness.call(ProfileShowCommand(practice: maple.id, phone: Self.client)).profile?.name != "Mallory Evil")
        try await harness.deliver()
        #expect(try await harness.inbox(Self.client).allSatisfy { !$0.contains("Hi from Oak") })
    }

    @Test("S3, D4: clients search finds only the practice's own directory and texters")
    func searchAcrossPractices() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        let csv = """
            client_id,first_name,last_name,phones,email,app_installed,app_signed_in,app_version,chat_disabled
            C-1,Kyle,Reese,312-555-2071,kyle@example.com,false,false,,false
            """
        _ = try await harness.call(DirectoryImportCommand(practice: maple.id, csv: csv))
        #expect(try await harness.call(ClientsSearchCommand(practice: maple.id, lastName: "Reese")).clients.count == 1)
        #expect(try await harness.call(ClientsSearchCommand(practice: oak.id, lastName: "Reese")).clients.isEmpty)
        // R3 at Oak: Maple's directory does not name the number, so Oak's bot asks.
        let toOak = try await harness.call(SandboxTextCommand(practice: oak.id, from: "312-555-2071", body: "Hi"))
        #expect(toOak.replies.last?.hasSuffix("(Question 1/3)") == true)
        #expect(try await harness.call(ProfileShowCommand(practice: oak.id, phone: "312-555-2071")).profile == nil)
    }

    @Test("A6: a reminder from one practice is no context for a text to the other")
    func reminderContextAcrossPractices() async throws {
        let harness = try await ControlHarness()
        let (maple, oak) = try await twoPractices(harness)
        _ = try await harness.call(ProfileEditCommand(
            practice: maple.id, staff: "Bob", phone: Self.client, firstName: "Lou", lastName: "Park"))
        _ = try await harness.call(ReminderSendCommand(
            practice: maple.id, staff: "Bob", to: Self.client, message: "Rex is due for his rabies vaccine."))
        try await harness.deliver()
        let toOak = try await harness.call(SandboxTextCommand(practice: oak.id, from: Self.client, body: "Can we come Friday?"))
        let oakShown = try await harness.call(ConversationShowCommand(practice: oak.id, conversation: try #require(toOak.conversation)))
        #expect(oakShown.messages.allSatisfy { $0.reminderContext == nil })
        // The reminder is context at Maple, where it was sent from.
        let toMaple = try await harness.call(SandboxTextCommand(practice: maple.id, from: Self.client, body: "Can we come Friday?"))
        let mapleShown = try await harness.call(
            ConversationShowCommand(practice: maple.id, conversation: try #require(toMaple.conversation)))
        #expect(mapleShown.messages.first?.reminderContext?.body == "Rex is due for his rabies vaccine.")
        // The handset got the reminder from Maple's number, nothing from Oak's but Oak's own replies.
        let inbox = try await harness.call(SandboxInboxCommand(number: Self.client)).messages
        #expect(inbox.filter { $0.body == "Rex is due for his rabies vaccine." }.map(\.from) == [maple.number.number])
    }
    @Test("R5, D4: another practice's upload id can be neither continued nor attached")
    func mediaAcrossPractices() async throws {
        let harness = try await MediaControlHarness()
        defer { harness.remove() }
        let maple = try await harness.base.onboardedPractice(name: "Maple Vet")
        let oak = try await harness.base.onboardedPractice(name: "Oak Animal Hospital")
        let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x42, count: 2_000)

        // An upload Maple has begun cannot be continued by Oak.
        let begun = try await harness.call(MediaUploadCommand(
            practice: maple.id, fileName: "bella.jpg", totalBytes: photo.count * 2, data: Data(photo).base64EncodedString(),
            more: true))
        let continued = await harness.refusal(MediaUploadCommand(
            practice: oak.id, upload: begun.upload, data: Data(photo).base64EncodedString()))
        #expect(continued.code == "attachment.not_found")

        // A finished upload of Maple's cannot be attached by Oak, and Oak sends nothing.
        let finished = try await harness.upload(photo, as: "bella.jpg", practice: maple.id)
        let oakConversation = try await harness.call(ConversationStartCommand(
            practice: oak.id, staff: "Eve", to: Self.client, firstName: "Sam", lastName: "Lee", title: "Photos"))
        let attached = await harness.refusal(ConversationReplyCommand(
            practice: oak.id, staff: "Eve", conversation: oakConversation.conversation, message: "Here it is",
            attachments: [finished]))
        #expect(attached.code == "attachment.not_found")
        let started = await harness.refusal(ConversationStartCommand(
            practice: oak.id, staff: "Eve", to: ControlHarness.client(71), title: "Photos", message: "Here",
            attachments: [finished]))
        #expect(started.code == "attachment.not_found")
        try await harness.deliver()
        #expect(try await harness.inbox(Self.client).isEmpty)
        #expect(try await harness.inbox(ControlHarness.client(71)).isEmpty)

        // Maple can still use its own upload.
        let mapleConversation = try await harness.call(ConversationStartCommand(
            practice: maple.id, staff: "Bob", to: ControlHarness.client(72), firstName: "Pat", lastName: "Lee", title: "Photos"))
        let sent = try await harness.call(ConversationReplyCommand(
            practice: maple.id, staff: "Bob", conversation: mapleConversation.conversation, message: nil,
            attachments: [finished]))
        #expect(sent.message != nil)
    }
}
