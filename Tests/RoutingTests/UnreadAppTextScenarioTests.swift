import Foundation
import Testing
import Routing
import TextingCore
import TextingStore

@Suite("P2, P3: one text per unread stretch of app messages")
struct UnreadAppTextScenarioTests {
    static let delay: Duration = .seconds(15 * 60)

    /// A client of `h` with a current app and an app conversation holding one staff message.
    func appConversation(_ h: RoutingHarness, _ n: Int) async throws -> (PhoneNumber, ConversationID, MessageID) {
        let client = RoutingHarness.client(n)
        try await h.setApp(client, version: "3.2.0")
        let started = try await h.start(client, firstMessage: "Luna's results are in.")
        #expect(started.channel == .app)
        return (client, try #require(started.conversationID), try #require(started.messageID))
    }

    func advance(_ h: RoutingHarness, minutes: Double) { h.clock.advance(hours: minutes / 60) }

    func texts(_ h: RoutingHarness, _ id: ConversationID) async throws -> [MessageRecord] {
        try await h.store.messages(conversation: id).filter { $0.channel == .text && $0.direction == .outbound }
    }

    @Test("Unread after the delay: one text from the practice's number; no second one for the same stretch")
    func oncePerStretch() async throws {
        let h = try await RoutingHarness.make()
        let (_, id, _) = try await appConversation(h, 70)
        advance(h, minutes: 10)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay).isEmpty)
        #expect(try await h.store.outboxDepth() == 0)

        advance(h, minutes: 6)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay) == [.send])
        #expect(try await h.store.outboxDepth() == 1)
        let sent = try await texts(h, id)
        #expect(sent.map(\.body) == ["You have a new message from Maple Vet in the app."])
        #expect(sent.first?.channel.label == "Sent via Text")

        // Another app message in the same unread stretch, and time passing: nothing more.
        _ = try await h.router.reply(conversation: id, body: "Call us when you can.", staff: "amy")
        advance(h, minutes: 60)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay).isEmpty)
        #expect(try await h.store.outboxDepth() == 1)
    }

    @Test("Read in the app: no text; a new unread stretch after reading gets its own")
    func readEndsTheStretch() async throws {
        let h = try await RoutingHarness.make()
        let (_, id, first) = try await appConversation(h, 71)
        advance(h, minutes: 5)
        _ = try await h.store.markReadByClient(conversation: id, through: first, at: h.clock.now())
        advance(h, minutes: 20)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay).isEmpty)

        let second = try await h.router.reply(conversation: id, body: "Any questions?", staff: "amy")
        advance(h, minutes: 16)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay) == [.send])
        _ = try await h.store.markReadByClient(conversation: id, through: try #require(second.messageID), at: h.clock.now())
        _ = try await h.router.reply(conversation: id, body: "See you Friday.", staff: "amy")
        advance(h, minutes: 16)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay) == [.send])
        #expect(try await texts(h, id).count == 2)
    }

    @Test("O1/S6: a number opted out of 2-way texting gets none, recorded as skipped")
    func optedOut() async throws {
        let h = try await RoutingHarness.make()
        let (client, id, _) = try await appConversation(h, 72)
        _ = try await h.router.setSubscription(practice: h.practice.id, phone: client, kind: .twoWay, subscribed: false,
                                               staff: "amy")
        advance(h, minutes: 20)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay) == [.skip(.optedOut)])
        #expect(try await h.store.outboxDepth() == 0)
        #expect(try await h.store.appNudge(conversation: id)?.skipped == .optedOut)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay).isEmpty)
    }

    @Test("Durable: after a restart the text is neither repeated nor forgotten")
    func restart() async throws {
        let h = try await RoutingHarness.make()
        let (_, id, _) = try await appConversation(h, 73)
        let (_, other, _) = try await appConversation(h, 74)
        advance(h, minutes: 20)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay, limit: 1) == [.send])

        let again = try await RoutingHarness.make(directory: h.directory, start: h.clock.now())
        #expect(try await again.router.remindUnreadAppMessages(after: Self.delay) == [.send])
        #expect(try await again.router.remindUnreadAppMessages(after: Self.delay).isEmpty)
        #expect(try await texts(again, id).count == 1)
        #expect(try await texts(again, other).count == 1)
    }

    @Test("M1: two daemons on one database send one text; a decision already taken rolls the later batch back whole")
    func twoDaemons() async throws {
        let h = try await RoutingHarness.make()
        let (client, id, first) = try await appConversation(h, 76)
        advance(h, minutes: 20)
        let other = try await RoutingHarness.make(directory: h.directory, start: h.clock.now())
        async let mine = h.router.remindUnreadAppMessages(after: Self.delay)
        async let theirs = other.router.remindUnreadAppMessages(after: Self.delay)
        let decisions = try await mine + theirs
        #expect(decisions == [.send])
        #expect(try await texts(h, id).count == 1)

        // The check in the transaction itself: a second decision on the covered stretch.
        var late = SessionBatch(practiceID: h.practice.id, phone: client, conversation: .attach(id))
        late.messages = [MessageDraft(direction: .outbound, author: .system, body: "late", createdAt: h.clock.now())]
        late.appNudge = AppNudgeMark(conversationID: id, through: first, skipped: nil, at: h.clock.now())
        await #expect(throws: AppNudgeAlreadyDecided.self) { _ = try await h.store.commit(late) }
        #expect(try await h.store.messages(conversation: id).map(\.body).contains("late") == false)
    }

    @Test("Q1's quiet hours: an app message unread at night is texted about at 08:00 on the client's clock")
    func quietHours() async throws {
        // 21:00 in Chicago (the client's 312 area code), 22:00 in New York.
        let h = try await RoutingHarness.make(start: RoutingHarness.wednesdayNight)
        let (_, id, _) = try await appConversation(h, 75)
        advance(h, minutes: 30)
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay).isEmpty)
        #expect(try await texts(h, id).isEmpty)
        // 08:00 in Chicago is 14:00 UTC, 11 hours after the harness's night.
        h.clock.set(RoutingHarness.wednesdayNight.addingTimeInterval(11 * 3600))
        #expect(try await h.router.remindUnreadAppMessages(after: Self.delay) == [.send])
    }
}
