import Foundation
import Testing
import Carrier
import Routing
import TextingCore
import TextingStore

@Suite("R1, C1, C2, E4, S4–S7, A6 conversations through the router")
struct ConversationScenarioTests {
    @Test("A6: a reply 47 h after a reminder carries it; 49 h does not", arguments: [(47.0, true), (49.0, false)])
    func reminderContext(hours: Double, carried: Bool) async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(30)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Jo", lastName: "Ray", email: nil)
        let reminderText = "Reminder: Luna is due for her distemper vaccine."
        _ = try await h.router.sendReminder(practice: h.practice.id, phone: client, body: reminderText)
        h.clock.advance(hours: hours)
        let reply = try await h.text("Can we come Friday?", from: client)
        let stored = try #require(try await h.conversationMessages(reply).first)
        #expect((stored.reminderContext?.body == reminderText) == carried)
        #expect((stored.reminderContext == nil) == !carried)
    }

    @Test("C1/R1: texts join the active conversation; after it ends, the next text opens a new one")
    func endedOpensNew() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(31)
        let a = try await h.text("one", from: client)
        let b = try await h.text("two", from: client)
        #expect(a.conversationID == b.conversationID)
        try await h.router.endConversation(try #require(a.conversationID))
        let c = try await h.text("three", from: client)
        #expect(c.conversationID != a.conversationID)
        let ended = try await h.conversation(a.conversationID)
        #expect(!ended.isActive)
        #expect(ended.endedAt == h.clock.now())
    }

    @Test("C2: a profile edit changes later conversations, never stored messages")
    func profileEditKeepsMessages() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(32)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Tom", lastName: "Hall", email: nil)
        let first = try await h.text("Milo is limping", from: client)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Thomas", lastName: nil, email: nil)
        let messages = try await h.conversationMessages(first)
        #expect(messages.map(\.clientName) == ["Tom Hall"])
        #expect(messages.map(\.body) == ["Milo is limping"])
        try await h.router.endConversation(try #require(first.conversationID))
        let next = try await h.text("He is better now", from: client)
        #expect(try await h.conversationMessages(next).first?.clientName == "Thomas Hall")
    }

    @Test("E4: texts to a number whose texting is off are stored unrouted with no reply")
    func disabledNumber() async throws {
        let h = try await RoutingHarness.make(textingEnabled: false)
        let outcome = try await h.text("hello?", from: RoutingHarness.client(33))
        #expect(outcome.disposition == .unrouted)
        #expect(outcome.replies.isEmpty)
        #expect(outcome.conversationID == nil)
        let stored = try await h.store.messagesOutsideConversations(practice: h.practice.id)
        #expect(stored.map(\.body) == ["hello?"])
        #expect(stored.first?.routed == false)
        #expect(try await h.store.outboxDepth() == 0)
    }

    @Test("D3: a text to a number of no practice is stored as an orphan")
    func orphan() async throws {
        let h = try await RoutingHarness.make()
        let outcome = try await h.router.dispatch(InboundText(
            from: RoutingHarness.client(34), to: PhoneNumber(e164: "+18885550123")!, body: "wrong number?",  // valid toll-free
            carrierSID: "SMorphan1"))
        #expect(outcome.disposition == .unrouted)
        #expect(try await h.store.messagesOutsideConversations(practice: nil).map(\.body) == ["wrong number?"])
    }

    @Test("S5: a second conversation for a number with an active one is refused with its id")
    func oneActiveConversation() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(35)
        let first = try await h.text("hi", from: client)
        let id = try #require(first.conversationID)
        do {
            _ = try await h.router.startConversation(practice: h.practice.id, phone: client, title: "Again",
                                                     firstMessage: nil, staff: "amy")
            Issue.record("second active conversation was allowed")
        } catch let error as TextingError {
            #expect(error.code.rawValue == "conversation.already_active")
            #expect(error.message.contains("\(id)"))
        }
    }

    @Test("S4/S1: typing a number with a name creates the profile and queues the first message")
    func typedNumber() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(36)
        let result = try await h.router.startConversation(
            practice: h.practice.id, phone: client, title: "Dental cleaning", firstMessage: "Hi! Time for Coco's cleaning.",
            staff: "amy", typedName: ("Eve", "Stone"))
        #expect(result.channel == .text)
        let conversation = try await h.conversation(result.conversationID)
        #expect(conversation.title == "Dental cleaning")
        let profile = try await h.profile(of: conversation)
        #expect(profile.displayName == "Eve Stone")
        #expect(try await h.store.outboxDepth() == 1)
        // The client's answer joins it, with no profile questions.
        let answer = try await h.text("Sounds good", from: client)
        #expect(answer.conversationID == result.conversationID)
        #expect(answer.replies.isEmpty)
    }

    @Test("S2: an app user with chat available gets the conversation in the app")
    func appChatFirst() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(37)
        try await h.store.upsertDirectory(practice: h.practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: h.practice.id, source: .pms, externalID: "C-37", firstName: "Ada",
            lastName: "King", phones: [client],
            app: AppAccount(installed: true, signedIn: true, appVersion: AppVersion("3.2.0"), chatDisabled: false))])
        let result = try await h.router.startConversation(practice: h.practice.id, phone: client, title: "Hi",
                                                          firstMessage: "Hello Ada", staff: "amy")
        #expect(result.channel == .app)
        #expect(try await h.store.outboxDepth() == 0)
    }

    @Test("S7: blocked content is refused and nothing is stored; warned content needs confirmation")
    func contentPolicy() async throws {
        let policy = ContentPolicy(rules: [
            .init(id: "drugs", name: "Illegal drugs", action: .block, terms: ["cbd"]),
            .init(id: "alcohol", name: "Alcohol", action: .warn, terms: ["alcohol"]),
        ])
        let h = try await RoutingHarness.make(policy: policy)
        let client = RoutingHarness.client(38)
        let first = try await h.text("hi", from: client)
        let conversation = try #require(first.conversationID)
        let before = try await h.store.messages(conversation: conversation).count
        do {
            _ = try await h.router.reply(conversation: conversation, body: "Try CBD oil", staff: "amy")
            Issue.record("blocked content was accepted")
        } catch let error as TextingError {
            #expect(error.code.rawValue == "policy.blocked")
            #expect(error.message.contains("CBD") || error.message.contains("cbd"))
        }
        #expect(try await h.store.messages(conversation: conversation).count == before)
        await #expect(throws: TextingError.self) {
            _ = try await h.router.reply(conversation: conversation, body: "Clean it with alcohol", staff: "amy")
        }
        _ = try await h.router.reply(conversation: conversation, body: "Clean it with alcohol", staff: "amy",
                                     confirmWarnings: true)
        #expect(try await h.store.messages(conversation: conversation).count == before + 1)
    }

    @Test("A staff text longer than 1,600 characters is refused before it is queued")
    func tooLong() async throws {
        let h = try await RoutingHarness.make()
        let first = try await h.text("hi", from: RoutingHarness.client(39))
        let conversation = try #require(first.conversationID)
        do {
            _ = try await h.router.reply(conversation: conversation, body: String(repeating: "a", count: 1601), staff: "amy")
            Issue.record("an over-long text was queued")
        } catch let error as TextingError {
            #expect(error.code.rawValue == "message.too_long")
        }
        _ = try await h.router.reply(conversation: conversation, body: String(repeating: "a", count: 1600), staff: "amy")
    }
}
