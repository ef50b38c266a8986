import Foundation
import Routing
import Testing
import TextingCore

@Suite struct RouterEvictionTests {
    @Test("Evicting most sessions keeps the live ones, and routing works on after the session table is rebuilt")
    func evictMostSessions() async throws {
        let h = try await RoutingHarness.make()
        let idle = (0..<120).map(RoutingHarness.client)
        let busy = (200..<208).map(RoutingHarness.client)
        var firstConversation: [PhoneNumber: ConversationID] = [:]
        for client in idle {
            let first = try await h.text("hello", from: client)
            let conversation: ConversationID = try #require(first.conversationID)
            firstConversation[client] = conversation
        }
        h.clock.advance(hours: 1)
        for client in busy {
            let first = try await h.text("hello", from: client)
            let conversation: ConversationID = try #require(first.conversationID)
            firstConversation[client] = conversation
        }
        #expect(await h.router.liveSessionCount == 128)

        // 120 of 128 go: the table is far below its capacity and is rebuilt; the 8 stay.
        #expect(await h.router.evictIdleSessions() == 120)
        #expect(await h.router.liveSessionCount == 8)

        // The sessions that stayed answer from their state: the profile bot's next question.
        for client in busy {
            let next = try await h.text("Max", from: client)
            #expect(next.disposition == .routed)
            #expect(next.conversationID == firstConversation[client])
            #expect(next.replies == [Replies.profileQuestion2(firstName: "Max")])
        }
        #expect(await h.router.liveSessionCount == 8)
        #expect(await h.router.evictIdleSessions() == 0)  // used just now

        // Evicted numbers are rebuilt from the store into the same conversation.
        for client in idle.prefix(5) {
            let next = try await h.text("Max", from: client)
            #expect(next.conversationID == firstConversation[client])
            #expect(next.replies == [Replies.profileQuestion2(firstName: "Max")])
        }
        // A number never seen gets a session of its own.
        let newcomer = RoutingHarness.client(900)
        let fresh = try await h.text("hello", from: newcomer)
        #expect(fresh.replies == [Replies.profileQuestion1])
        #expect(await h.router.liveSessionCount == 14)

        // Once all are idle, all go, and the router starts over from an empty table.
        h.clock.advance(hours: 1)
        #expect(await h.router.evictIdleSessions() == 14)
        #expect(await h.router.liveSessionCount == 0)
        let again = try await h.text("Max", from: newcomer)
        #expect(again.conversationID == fresh.conversationID)
        #expect(again.replies == [Replies.profileQuestion2(firstName: "Max")])
        #expect(await h.router.liveSessionCount == 1)
    }

    @Test("A pass that evicts nothing or few sessions leaves every live session in place")
    func evictFew() async throws {
        let h = try await RoutingHarness.make()
        let clients = (0..<10).map(RoutingHarness.client)
        for client in clients.prefix(2) { try await h.text("hello", from: client) }
        h.clock.advance(hours: 1)
        for client in clients.dropFirst(2) { try await h.text("hello", from: client) }
        #expect(await h.router.evictIdleSessions() == 2)
        #expect(await h.router.liveSessionCount == 8)
        #expect(await h.router.evictIdleSessions() == 0)
        #expect(await h.router.liveSessionCount == 8)
        h.clock.advance(hours: 1)
        #expect(await h.router.evictIdleSessions() == 8)
        #expect(await h.router.liveSessionCount == 0)
    }
}
