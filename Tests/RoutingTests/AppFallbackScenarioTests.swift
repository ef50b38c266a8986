import Foundation
import Testing
import Routing
import TextingCore
import TextingStore

@Suite("P3, S2: every staff message decides its channel when it is written")
struct AppFallbackScenarioTests {
    @Test("P3: app conversation; the app goes outdated, the next reply is a queued text that says why; current again, app")
    func outdatedAppFallsBackToText() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(60)
        try await h.setApp(client, version: "3.2.0")
        let started = try await h.start(client, firstMessage: "Hello Ada")
        #expect(started.channel == .app)
        let id = try #require(started.conversationID)
        #expect(try await h.store.outboxDepth() == 0)

        try await h.setApp(client, version: "2.9.0")
        let fallback = try await h.router.reply(conversation: id, body: "Luna's results are in.", staff: "amy")
        #expect(fallback.channel == .text)
        #expect(fallback.fallback == .appOutdated)
        #expect(fallback.notice == "Chat in the app is not available (the client needs to update their app to the "
            + "latest version), so this message was sent by text.")
        #expect(try await h.store.outboxDepth() == 1)
        let stored = try await h.store.messages(conversation: id)
        #expect(stored.last?.channel == .text)
        #expect(stored.last?.channel.label == "Sent via Text")
        #expect(try await h.conversation(id).channel == .text)

        // Still outdated: by text, and nothing more to say.
        let again = try await h.router.reply(conversation: id, body: "Call us when you can.", staff: "amy")
        #expect(again.channel == .text)
        #expect(again.notice == nil)
        #expect(try await h.store.outboxDepth() == 2)

        try await h.setApp(client, version: "3.4.1")
        let back = try await h.router.reply(conversation: id, body: "Thanks for updating!", staff: "amy")
        #expect(back.channel == .app)
        #expect(back.notice == nil)
        #expect(try await h.store.outboxDepth() == 2)
        #expect(try await h.store.messages(conversation: id).last?.channel == .app)
        #expect(try await h.conversation(id).channel == .app)
    }

    @Test("P3: signed out of the app, staff attachments go by text with the reply")
    func attachmentsFollow() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(61)
        try await h.setApp(client, version: "3.2.0")
        let started = try await h.start(client, firstMessage: nil)
        let id = try #require(started.conversationID)
        try await h.setApp(client, version: "3.2.0", signedIn: false)
        let attachment = StaffAttachment(
            media: MediaAttachment(contentType: "image/jpeg", storedPath: "ab/x-ray.jpg", fileName: "x-ray.jpg"),
            linkText: "You've got a new photo/video message! https://example.test/media/1", policyText: nil)
        let result = try await h.router.reply(conversation: id, body: "Here it is", attachments: [attachment], staff: "amy")
        #expect(result.fallback == .notInstalledOrSignedIn)
        let stored = try await h.store.messages(conversation: id)
        #expect(stored.suffix(2).map(\.channel) == [.text, .text])
        #expect(try await h.store.outboxDepth() == 2)
    }

    @Test("S2: a text conversation moves to the app once the client can chat there, without a notice")
    func textConversationMovesToApp() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(62)
        let first = try await h.text("Is Luna's food in?", from: client)
        let id = try #require(first.conversationID)
        let byText = try await h.router.reply(conversation: id, body: "Yes", staff: "amy")
        #expect(byText.channel == .text)
        #expect(byText.notice == nil)
        try await h.setApp(client, version: "3.0.0")
        let inApp = try await h.router.reply(conversation: id, body: "Pick it up any time", staff: "amy")
        #expect(inApp.channel == .app)
        #expect(inApp.notice == nil)
    }
}
