import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// W2 and the first staff routes: a signed-in account sees and answers only its own
/// practice's conversations; another practice's are 404 as if they did not exist.
@Suite struct ConversationRouteTests {
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("W2: an account of practice A gets 404 for every conversation route of practice B's conversation")
    func otherPracticeIsNotFound() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        let ours = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552070", title: "Bella")
        let theirs = try await harness.startConversation(practice: harness.practiceB, phone: "+13125552071", title: "Rex")
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let headers: HTTPFields = [
                .cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken, .contentType: "application/json",
            ]
            let thread = try await client.execute(uri: "/api/v1/conversations/\(theirs)", method: .get, headers: headers)
            #expect(thread.status == .notFound)
            #expect(thread.errorCode == "conversation.not_found")
            let reply = try await client.execute(
                uri: "/api/v1/conversations/\(theirs)/messages", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"message": "Hello?"}"#))
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "conversation.not_found")
            // The same answer as for an id that exists nowhere.
            let none = try await client.execute(uri: "/api/v1/conversations/999999", method: .get, headers: headers)
            #expect(none.status == .notFound)
            #expect(none.errorCode == thread.errorCode)
            // The list holds A's conversation only.
            let list = try Self.json(try await client.execute(uri: "/api/v1/conversations", method: .get, headers: headers))
            let ids = (list["conversations"] as? [[String: Any]])?.compactMap { $0["id"] as? Int64 }
            #expect(ids == [ours])
            // And A's own thread is there.
            let own = try await client.execute(uri: "/api/v1/conversations/\(ours)", method: .get, headers: headers)
            #expect(own.status == .ok)
        }
        // B's conversation received nothing.
        let detail = try await harness.operations.showConversation(
            StaffAPIHarness.root, .init(practice: harness.practiceB.rawValue, conversation: theirs))
        #expect(detail.messages.count == 1)
    }

    @Test("S3, W2: the client search finds the account's own practice's clients only")
    func clientSearch() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.addAccount("bob", practice: harness.practiceB)
        _ = try await harness.operations.startConversation(StaffAPIHarness.root, .init(
            practice: harness.practiceB.rawValue, staff: "Root", to: "+13125552071", firstName: "Rex",
            lastName: "Garcia", title: "Rex"))
        try await harness.test { client in
            for (login, expected) in [("alice", 0), ("bob", 1)] {
                let session = try await client.signedIn(login)
                let found = try await client.execute(
                    uri: "/api/v1/clients?lastName=Garcia", method: .get, headers: [.cookie: session.cookie])
                #expect(found.status == .ok)
                #expect((try Self.json(found)["clients"] as? [Any])?.count == expected, "\(login)")
            }
        }
    }

    @Test("S5, C1, O1: starting, a second start for the same number refused 409, ending, opting out")
    func startEndOptOut() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let headers: HTTPFields = [
                .cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken, .contentType: "application/json",
            ]
            let start = #"{"to": "(312) 555-2070", "title": "Bella", "message": "Your order is ready."}"#
            let started = try await client.execute(
                uri: "/api/v1/conversations", method: .post, headers: headers, body: ByteBuffer(string: start))
            #expect(started.status == .created)
            let id = try #require(try Self.json(started)["conversation"] as? Int64)
            let again = try await client.execute(
                uri: "/api/v1/conversations", method: .post, headers: headers, body: ByteBuffer(string: start))
            #expect(again.status == .conflict)
            #expect(again.errorCode == "conversation.already_active")
            let optOut = try await client.execute(
                uri: "/api/v1/conversations/\(id)/opt-out", method: .post, headers: headers)
            #expect(optOut.status == .ok)
            #expect(try Self.json(optOut)["twoWay"] as? Bool == false)
            let ended = try await client.execute(uri: "/api/v1/conversations/\(id)/end", method: .post, headers: headers)
            #expect(ended.status == .ok)
            #expect(try Self.json(ended)["active"] as? Bool == false)
        }
    }

    @Test("W1: a staff reply is sent as the signed-in account and needs the CSRF token")
    func replyAsTheAccount() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        let id = try await harness.startConversation(practice: harness.practiceA, phone: "+13125552070", title: "Bella")
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let withoutToken = try await client.execute(
                uri: "/api/v1/conversations/\(id)/messages", method: .post,
                headers: [.cookie: session.cookie, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"message": "Ready after 2pm."}"#))
            #expect(withoutToken.status == .forbidden)
            let sent = try await client.execute(
                uri: "/api/v1/conversations/\(id)/messages", method: .post,
                headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"message": "Ready after 2pm."}"#))
            #expect(sent.status == .created)
            #expect(try Self.json(sent)["channelLabel"] as? String == "Sent via Text")
            let thread = try Self.json(try await client.execute(
                uri: "/api/v1/conversations/\(id)", method: .get, headers: [.cookie: session.cookie]))
            let messages = try #require(thread["messages"] as? [[String: Any]])
            #expect(messages.count == 2)
            #expect(messages.last.map { "\($0)" }?.contains("Alice") == true)
            #expect(messages.last.map { "\($0)" }?.contains("Ready after 2pm.") == true)
        }
    }

    @Test("the conversation list pages newest first with limit and an after cursor")
    func keysetPages() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        var started: [Int64] = []
        for (index, phone) in ["+13125552070", "+13125552071", "+13125552072"].enumerated() {
            started.append(try await harness.startConversation(practice: harness.practiceA, phone: phone, title: "Pet \(index)"))
        }
        let ids = started
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let first = try Self.json(try await client.execute(
                uri: "/api/v1/conversations?limit=2", method: .get, headers: [.cookie: session.cookie]))
            let firstIDs = (first["conversations"] as? [[String: Any]])?.compactMap { $0["id"] as? Int64 }
            #expect(firstIDs == [ids[2], ids[1]])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try Self.json(try await client.execute(
                uri: "/api/v1/conversations?limit=2&after=\(cursor)", method: .get, headers: [.cookie: session.cookie]))
            let secondIDs = (second["conversations"] as? [[String: Any]])?.compactMap { $0["id"] as? Int64 }
            #expect(secondIDs == [ids[0]])
            #expect(second["nextCursor"] is NSNull)
            let bad = try await client.execute(
                uri: "/api/v1/conversations?limit=0", method: .get, headers: [.cookie: session.cookie])
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "request.invalid_query")
        }
    }
}
