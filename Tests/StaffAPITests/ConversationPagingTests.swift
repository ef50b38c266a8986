import Control
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Routing
import Testing
import TextingCore

/// The inbox's conversation list and thread over HTTP (issue 12): active first and newest
/// activity first with the client's name, newest message and unread count; keyset pages with an
/// opaque cursor; the thread a page at a time back from the newest; the practice's read mark.
@Suite("Staff API: conversation list and thread paging, read marks (issue 12)")
struct ConversationPagingTests {
    static func json(_ response: TestResponse) throws -> [String: Any] { try ConversationRouteTests.json(response) }

    static func rows(_ page: [String: Any]) -> [[String: Any]] { page["conversations"] as? [[String: Any]] ?? [] }
    static func ids(_ page: [String: Any]) -> [Int64] { rows(page).compactMap { $0["id"] as? Int64 } }

    /// A client text from `phone` to practice A's number, as the carrier's webhook would bring it.
    static func text(_ harness: StaffAPIHarness, from phone: String, _ body: String) async throws {
        _ = try await harness.router.dispatch(InboundText(
            from: try PhoneNumber(parsing: phone), to: try PhoneNumber(parsing: "800-555-1000"), body: body,
            carrierSID: "SM\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"))
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, _ session: SignedIn) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: session.cookie])
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ session: SignedIn, _ body: String) async throws
        -> TestResponse {
        try await client.execute(
            uri: uri, method: .post,
            headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken, .contentType: "application/json"],
            body: ByteBuffer(string: body))
    }

    @Test("R2, R3: active first, newest activity first; each row with its client's name, newest message and unread count")
    func listRows() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        let quiet = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552080", title: "Quiet")
        let busy = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552081", title: "Busy")
        let ended = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552082", title: "Ended")
        _ = try await harness.operations.endConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, staff: "Root", conversation: ended))
        try await Self.text(harness, from: "+13125552080", "Is Rex ready?")
        try await Self.text(harness, from: "+13125552081", "Hello again")   // newest activity
        _ = try await harness.startConversation(practice: harness.practiceB, phone: "+13125552083", title: "Elsewhere")

        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let active = try Self.json(try await Self.get(client, "/api/v1/conversations", session))
            #expect(Self.ids(active).prefix(2) == [busy, quiet])
            #expect(!Self.ids(active).contains(ended))
            let all = try Self.json(try await Self.get(client, "/api/v1/conversations?all=true", session))
            #expect(Self.ids(all).count == 3)
            #expect(Self.ids(all).last == ended, "ended conversations come after the active ones")
            #expect(all["nextCursor"] is NSNull)

            let row = try #require(Self.rows(active).first)
            #expect(row["unread"] as? Int == 1)
            #expect(row["lastActivityAt"] is String)
            #expect(row["channelLabel"] as? String == "Sent via Text")
            let last = try #require(row["lastMessage"] as? [String: Any])
            #expect(last["channelLabel"] as? String == "Sent via Text")
            #expect((last["id"] as? Int64).map { $0 > 0 } == true)
            // The newest message is the client's text or the profile bot's answer to it (A4).
            #expect(["Hello again"].contains(last["body"] as? String) || last["author"] as? String == "system")
        }
    }

    @Test("keyset pages with an opaque cursor: none repeated or skipped while texts arrive; a bad cursor is 400")
    func listPages() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        var started: [Int64] = []
        for n in 0..<7 {
            started.append(try await harness.startConversation(
                practice: harness.practiceA, phone: "+1312555209\(n)", title: "Pet \(n)"))
        }
        let opened = started
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            var seen: [Int64] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "&after=\($0)" } ?? ""
                let page = try Self.json(try await Self.get(client, "/api/v1/conversations?limit=2\(query)", session))
                seen += Self.ids(page)
                cursor = page["nextCursor"] as? String
                // Texts between pages: the oldest conversation moves to the top (above the cursor).
                if pages == 0 { try await Self.text(harness, from: "+13125552090", "Moving up") }
                pages += 1
            } while cursor != nil && pages < 10
            #expect(Set(seen).count == seen.count, "a conversation on two pages")
            #expect(Set(seen) == Set(opened.dropFirst()), "every conversation that did not move, once")
            #expect(pages == 3)

            let fresh = try Self.json(try await Self.get(client, "/api/v1/conversations?limit=1", session))
            #expect(Self.ids(fresh) == [opened[0]])
            for bad in ["42", "not-a-cursor", "YzF8MXx6enx4"] {
                let response = try await Self.get(client, "/api/v1/conversations?after=\(bad)", session)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.errorCode == "request.invalid_query", "\(bad)")
            }
        }
    }

    @Test("the thread pages back from the newest, oldest first in a page, olderCursor null at the start")
    func threadPages() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        let id = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552085", title: "Long")
        for n in 0..<30 { try await Self.text(harness, from: "+13125552085", "Text \(n)") }
        let every = try await harness.operations.showConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, conversation: id)).messages.map(\.id)
        #expect(every.count > 30)

        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let whole = try Self.json(try await Self.get(client, "/api/v1/conversations/\(id)", session))
            #expect((whole["messages"] as? [[String: Any]])?.compactMap { $0["id"] as? Int64 } == every)
            #expect(whole["olderCursor"] is NSNull)

            var collected: [Int64] = []
            var before: String?
            var pages = 0
            repeat {
                let query = before.map { "&before=\($0)" } ?? ""
                let page = try Self.json(try await Self.get(client, "/api/v1/conversations/\(id)?limit=10\(query)", session))
                let ids = (page["messages"] as? [[String: Any]])?.compactMap { $0["id"] as? Int64 } ?? []
                #expect(ids == ids.sorted(), "oldest first within a page")
                #expect(ids.count <= 10)
                collected = ids + collected
                before = page["olderCursor"] as? String
                pages += 1
            } while before != nil && pages < 20
            #expect(collected == every)
            #expect(pages == (every.count + 9) / 10)

            for bad in ["?before=0", "?before=x", "?limit=0", "?limit=501"] {
                let response = try await Self.get(client, "/api/v1/conversations/\(id)\(bad)", session)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.errorCode == "request.invalid_query", "\(bad)")
            }
        }
    }

    @Test("the control socket's thread holds every message and no olderCursor; a page writes it, null at the start")
    func detailEncoding() throws {
        let conversation = ConversationInfo(
            id: 1, practice: 1, title: "t", phone: "+13125552001", clientId: nil, clientName: nil, channel: "text",
            channelLabel: "Sent via Text", active: true, createdAt: Date(timeIntervalSince1970: 0), endedAt: nil,
            profileBot: nil, afterHoursOverrideUntil: nil)
        let subscriptions = SubscriptionInfo(phone: "+13125552001", twoWay: true, reminders: true, twoWayOptedOutAt: nil,
                                             history: [])
        func keys(_ detail: ConversationDetail) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(detail)) as? [String: Any])
        }
        let whole = ConversationDetail(conversation: conversation, client: nil, subscriptions: subscriptions, messages: [])
        #expect(try keys(whole)["olderCursor"] == nil)
        #expect(try keys(whole)["conversation"] is [String: Any])
        let first = ConversationDetail(conversation: conversation, client: nil, subscriptions: subscriptions, page: [],
                                       olderCursor: nil)
        #expect(try keys(first)["olderCursor"] is NSNull)
        let more = ConversationDetail(conversation: conversation, client: nil, subscriptions: subscriptions, page: [],
                                      olderCursor: "42")
        #expect(try keys(more)["olderCursor"] as? String == "42")
        // Both read back (an older twowayctl's decoder ignores the new fields; this one keeps them).
        let decoder = JSONDecoder()
        #expect(try decoder.decode(ConversationDetail.self, from: JSONEncoder().encode(more)) == more)
        #expect(try decoder.decode(ConversationDetail.self, from: JSONEncoder().encode(whole)) == whole)
    }

    @Test("marking read is the practice's, never moves back, needs the CSRF token; a staff reply marks read")
    func readMarks() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.addAccount("bob", practice: harness.practiceA)
        try await harness.addAccount("eve", practice: harness.practiceB)
        let id = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552086", title: "Read")
        let other = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552087", title: "Other")
        try await Self.text(harness, from: "+13125552086", "First")
        try await Self.text(harness, from: "+13125552086", "Second")
        let messages = try await harness.operations.showConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, conversation: id)).messages
        let inbound = messages.filter { $0.direction == "inbound" }.map(\.id)
        let foreign = try #require(try await harness.operations.showConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceA.rawValue, conversation: other)).messages.first?.id)

        try await harness.test { client in
            let alice = try await client.signedIn("alice")
            let bob = try await client.signedIn("bob")
            func unread(_ session: SignedIn) async throws -> Int? {
                let page = try Self.json(try await Self.get(client, "/api/v1/conversations", session))
                return Self.rows(page).first { $0["id"] as? Int64 == id }?["unread"] as? Int
            }
            #expect(try await unread(alice) == 2)

            let first = try Self.json(try await Self.post(client, "/api/v1/conversations/\(id)/read", alice,
                                                          #"{"through": \#(inbound[0])}"#))
            #expect(first["through"] as? Int64 == inbound[0] && first["unread"] as? Int == 1)
            #expect(try await unread(bob) == 1, "the read mark is the practice's, not the account's")

            let all = try Self.json(try await Self.post(client, "/api/v1/conversations/\(id)/read", bob, "{}"))
            #expect(all["unread"] as? Int == 0)
            let back = try Self.json(try await Self.post(client, "/api/v1/conversations/\(id)/read", alice,
                                                         #"{"through": \#(inbound[0])}"#))
            #expect((back["through"] as? Int64).map { $0 > inbound[0] } == true, "the mark never moves back")
            #expect(back["unread"] as? Int == 0)

            let noToken = try await client.execute(
                uri: "/api/v1/conversations/\(id)/read", method: .post,
                headers: [.cookie: alice.cookie, .contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(noToken.status == .forbidden)
            let wrongMessage = try await Self.post(client, "/api/v1/conversations/\(id)/read", alice,
                                                   #"{"through": \#(foreign)}"#)
            #expect(wrongMessage.status == .notFound)
            #expect(wrongMessage.errorCode == "message.not_found")
            let eve = try await client.signedIn("eve")
            let elsewhere = try await Self.post(client, "/api/v1/conversations/\(id)/read", eve, "{}")
            #expect(elsewhere.status == .notFound)
            #expect(elsewhere.errorCode == "conversation.not_found")

            // A new text is unread until a staff member replies.
            try await Self.text(harness, from: "+13125552086", "Third")
            #expect(try await unread(alice) == 1)
            let reply = try await Self.post(client, "/api/v1/conversations/\(id)/messages", bob, #"{"message": "Yes, at 3pm."}"#)
            #expect(reply.status == .created)
            #expect(try await unread(alice) == 0)
        }
    }
}
