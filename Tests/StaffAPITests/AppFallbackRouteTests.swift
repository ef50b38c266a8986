import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
import Routing
@testable import StaffAPI
import TextingCore
import Testing

/// P3 at the doors: when the client's app stops allowing chat, the staff reply's answer says the
/// message went by text, and why.
@Suite struct AppFallbackRouteTests {
    static let phone = "+13125552090"

    /// A directory client of practice A on ``phone`` whose app is `version`, seen by the sessions.
    func setApp(_ harness: StaffAPIHarness, version: String) async throws {
        try await harness.store.upsertDirectory(practice: harness.practiceA, clients: [ClientProfile(
            id: ClientID(0), practiceID: harness.practiceA, source: .pms, externalID: "C-90", firstName: "Ada",
            lastName: "King", phones: [try PhoneNumber(parsing: Self.phone)],
            app: AppAccount(installed: true, signedIn: true, appVersion: AppVersion(version), chatDisabled: false))])
        await harness.router.invalidateSessions(practice: harness.practiceA)
    }

    /// An app conversation of practice A with ``phone``; its id.
    func appConversation(_ harness: StaffAPIHarness) async throws -> Int64 {
        _ = try await harness.router.setAppChat(practice: harness.practiceA, enabled: true)
        try await setApp(harness, version: "99.0.0")
        let started = try await harness.operations.startConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, staff: "Root", to: Self.phone, title: "Luna", message: "Hello Ada"))
        #expect(started.channel == "app")
        return started.conversation
    }

    @Test("P3: the operations' answer names the fallback and its reason; the next one in the app has none")
    func operationsAnswer() async throws {
        let harness = try await StaffAPIHarness()
        let id = try await appConversation(harness)
        try await setApp(harness, version: "0.1.0")
        let reply = try await harness.operations.reply(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, staff: "Root", conversation: id, message: "Results are in."))
        #expect(reply.channelLabel == "Sent via Text")
        #expect(reply.chat?.reasonCode == "appOutdated")
        #expect(reply.notice == "Chat in the app is not available (the client needs to update their app to the latest "
            + "version), so this message was sent by text.")
        try await setApp(harness, version: "99.0.0")
        let back = try await harness.operations.reply(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, staff: "Root", conversation: id, message: "Thanks!"))
        #expect(back.channelLabel == "Sent from App")
        #expect(back.notice == nil)
    }

    @Test("P3: the staff API's reply answer carries the notice and the text label")
    func routeAnswer() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        let id = try await appConversation(harness)
        try await setApp(harness, version: "0.1.0")
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let sent = try await client.call(.post, "/api/v1/conversations/\(id)/messages", session,
                                             #"{"message": "Results are in."}"#)
            #expect(sent.status == .created)
            #expect(sent.json["channelLabel"] as? String == "Sent via Text")
            let notice = try #require(sent.json["notice"] as? String)
            #expect(notice.hasPrefix("Chat in the app is not available (the client needs to update"))
            let thread = try await client.call(.get, "/api/v1/conversations/\(id)", session)
            let messages = try #require(thread.json["messages"] as? [[String: Any]])
            #expect(messages.last?["channelLabel"] as? String == "Sent via Text")
        }
    }
}
