import Foundation
import Testing
import Routing
import TextingCore
import TextingStore

@Suite("A4/A5 profile collection through the router")
struct ProfileBotScenarioTests {
    @Test("A4: unknown number gets three questions; the profile is remembered on the next conversation (R3, C1)")
    func unknownNumberProfile() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(1)
        let first = try await h.text("Hi, is Bella's food in?", from: client)
        #expect(first.disposition == .routed)
        #expect(first.replies == [Replies.profileQuestion1])
        #expect(try await h.text("Jane", from: client).replies == [Replies.profileQuestion2(firstName: "Jane")])
        #expect(try await h.text("Doe", from: client).replies == [Replies.profileQuestion3])
        let last = try await h.text("jane@example.com", from: client)
        #expect(last.replies.isEmpty)
        #expect(last.conversationID == first.conversationID)

        let conversation = try #require(first.conversationID)
        try await h.router.endConversation(conversation)
        let next = try await h.text("Thanks again!", from: client)
        #expect(next.conversationID != conversation)
        #expect(next.replies.isEmpty)
        let record = try await h.conversation(next.conversationID)
        #expect(record.title == "Jane Doe")
        let messages = try await h.conversationMessages(next)
        #expect(messages.first?.clientName == "Jane Doe")
        let profile = try await h.profile(of: record)
        #expect(profile.email == "jane@example.com")
        #expect(profile.source == .bot)
        #expect(profile.emailMissingFromPMS)  // A5: the PMS directory does not hold it
    }

    @Test("A4: a three-word name and a bad email are not stored; the bot moves on anyway")
    func invalidAnswersNotStored() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(2)
        let first = try await h.text("hello", from: client)
        #expect(try await h.text("Mary Jane Watson", from: client).replies == [Replies.profileQuestion2(firstName: nil)])
        #expect(try await h.text("Watson", from: client).replies == [Replies.profileQuestion3])
        #expect(try await h.text("bella@example", from: client).replies.isEmpty)
        let record = try await h.conversation(first.conversationID)
        let profile = try await h.profile(of: record)
        #expect(profile.firstName == nil)
        #expect(profile.lastName == "Watson")
        #expect(profile.email == nil)
    }

    @Test("A4: a staff reply after question 2 stops the bot; answers so far are kept")
    func staffReplyStopsBot() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(3)
        let first = try await h.text("hello", from: client)
        _ = try await h.text("Sam", from: client)
        let conversation = try #require(first.conversationID)
        _ = try await h.router.reply(conversation: conversation, body: "Hi Sam, this is Maple Vet.", staff: "amy")
        let after = try await h.text("Smith", from: client)
        #expect(after.replies.isEmpty)
        let record = try #require(try await h.store.conversation(conversation))
        #expect(record.bot?.step == .stoppedByStaff)
        #expect(record.bot?.firstName == "Sam")
        #expect(record.bot?.lastName == nil)
    }

    @Test("A5: an email the PMS directory holds is not flagged")
    func directoryEmailNotFlagged() async throws {
        let h = try await RoutingHarness.make()
        try await h.store.upsertDirectory(practice: h.practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: h.practice.id, source: .pms, externalID: "C-1", firstName: "Ann",
            lastName: "Lee", email: "ann@example.com", phones: [RoutingHarness.client(99)])])
        let client = RoutingHarness.client(4)
        let first = try await h.text("hello", from: client)
        _ = try await h.text("Ann", from: client)
        _ = try await h.text("Lee", from: client)
        _ = try await h.text("ANN@example.com", from: client)
        let record = try await h.conversation(first.conversationID)
        let profile = try await h.profile(of: record)
        #expect(!profile.emailMissingFromPMS)
    }

    @Test("R3: a number in the PMS directory is named from it and gets no bot")
    func directoryNumberKnown() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(5)
        try await h.store.upsertDirectory(practice: h.practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: h.practice.id, source: .pms, externalID: "C-5", firstName: "Rita",
            lastName: "Moreno", phones: [client])])
        let outcome = try await h.text("Is Max ready?", from: client)
        #expect(outcome.replies.isEmpty)
        let messages = try await h.conversationMessages(outcome)
        #expect(messages.map(\.clientName) == ["Rita Moreno"])
        #expect(messages.first?.channel.label == "Sent via Text")  // R2
    }

    @Test("R3: a directory import renames a number whose session is already live")
    func importReachesLiveSession() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(6)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Bo", lastName: nil, email: nil)
        let first = try await h.text("hello", from: client)
        #expect(try await h.conversationMessages(first).first?.clientName == "Bo")
        try await h.router.importDirectory(practice: h.practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: h.practice.id, source: .pms, externalID: "C-6", firstName: "Robert",
            lastName: "Olsen", phones: [client])])
        let second = try await h.text("it's me again", from: client)
        #expect(try await h.conversationMessages(second).last?.clientName == "Robert Olsen")
    }
}
