import Foundation
import Testing
import Routing
import TextingCore

@Suite("A1/A2 after-hours replies through the router")
struct AfterHoursScenarioTests {
    static let afterHours = Replies.afterHours(emergencyPhone: "(312) 555-0199")

    /// A known client, so the profile bot stays out of the way.
    static func knownClient(_ h: RoutingHarness, _ n: Int) async throws -> PhoneNumber {
        let client = RoutingHarness.client(n)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Kim", lastName: "Park",
                                           email: nil)
        return client
    }

    @Test("A1: once per closed period, again in the next closed period")
    func oncePerClosedPeriod() async throws {
        let h = try await RoutingHarness.make(start: RoutingHarness.wednesdayNight)
        let client = try await Self.knownClient(h, 10)
        #expect(try await h.text("are you open?", from: client).replies == [Self.afterHours])
        h.clock.advance(hours: 1)
        #expect(try await h.text("hello?", from: client).replies.isEmpty)
        h.clock.advance(hours: 12)  // Thursday 11:00 New York: open
        #expect(try await h.text("good morning", from: client).replies.isEmpty)
        h.clock.advance(hours: 10)  // Thursday 21:00: the next closed period
        #expect(try await h.text("one more thing", from: client).replies == [Self.afterHours])
    }

    @Test("A2: a staff reply while closed silences the reply until the next opening")
    func staffOverride() async throws {
        let h = try await RoutingHarness.make()
        let client = try await Self.knownClient(h, 11)
        let first = try await h.text("question during the day", from: client)
        #expect(first.replies.isEmpty)
        h.clock.set(RoutingHarness.wednesdayNight)
        _ = try await h.router.reply(conversation: try #require(first.conversationID), body: "We'll call you back.",
                                     staff: "amy")
        #expect(try await h.text("thank you", from: client).replies.isEmpty)
        h.clock.advance(hours: 24)  // Thursday night: a new closed period, the override has ended
        #expect(try await h.text("still there?", from: client).replies == [Self.afterHours])
    }

    @Test("A2: starting a conversation while closed overrides too")
    func startOverride() async throws {
        let h = try await RoutingHarness.make(start: RoutingHarness.wednesdayNight)
        let client = try await Self.knownClient(h, 12)
        _ = try await h.router.startConversation(practice: h.practice.id, phone: client, title: "Lab results",
                                                 firstMessage: "Bella's results are normal.", staff: "amy")
        #expect(try await h.text("great news, thanks", from: client).replies.isEmpty)
    }

    @Test("A4 + A1: an unknown number after hours gets the after-hours reply first, then question 1")
    func unknownAfterHours() async throws {
        let h = try await RoutingHarness.make(start: RoutingHarness.wednesdayNight)
        let outcome = try await h.text("hello", from: RoutingHarness.client(13))
        #expect(outcome.replies == [Self.afterHours, Replies.profileQuestion1])
    }
}
