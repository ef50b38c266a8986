import Control
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Operations
import Routing
@testable import StaffAPI
import TextingCore
import TextingStore
import Testing

/// The pet owner's app door (issue 13, P1, P2, W2): tokens the platform signs, the client's own
/// conversations only, app messages in the number's one conversation, the after-hours reply in
/// the app, the client's read mark and the live stream scoped to the client.
@Suite("App API: tokens, scope, routing and read receipts (issue 13)")
struct AppAPITests {
    /// A bad token of each kind, made from the testbed; every one is refused with 401.
    enum BadToken: String, CaseIterable, CustomTestStringConvertible {
        case missing, notAJWT, expired, wrongSecret, otherPracticesKey, algNone, tampered, hs256AgainstES256Key
        case unknownClient, tooLongLived, noExpiry, notYetValid, practiceAsText, controlCharacterInSubject

        var testDescription: String { rawValue }

        func token(_ bed: AppTestbed) async throws -> String? {
            let now = Int64(Date().timeIntervalSince1970)
            switch self {
            case .missing:
                return nil
            case .notAJWT:
                return "not-a-token"
            case .expired:
                return try await AppTestbed.hs256(.init(sub: "PMS-1", practice: bed.practiceA.rawValue, exp: now - 10, iat: now - 100))
            case .wrongSecret:
                return try await AppTestbed.hs256(
                    AppTestbed.claims("PMS-1", practice: bed.practiceA), secret: "another-secret-that-is-also-32-bytes-long")
            case .otherPracticesKey:
                // Signed with practice B's key, claiming practice A.
                return try await bed.es256(AppTestbed.claims("PMS-1", practice: bed.practiceA))
            case .algNone:
                let header = Self.base64URL(#"{"alg":"none","typ":"JWT"}"#)
                let payload = Self.base64URL(#"{"sub":"PMS-1","practice":\#(bed.practiceA.rawValue),"exp":\#(now + 600)}"#)
                return "\(header).\(payload)."
            case .tampered:
                let parts = try await bed.jamie().split(separator: ".").map(String.init)
                let payload = Self.base64URL(#"{"sub":"PMS-2","practice":\#(bed.practiceA.rawValue),"exp":\#(now + 600)}"#)
                return "\(parts[0]).\(payload).\(parts[2])"
            case .hs256AgainstES256Key:
                // The classic confusion: the public key's PEM text used as an HMAC secret.
                return try await AppTestbed.hs256(
                    AppTestbed.claims("PMS-9", practice: bed.practiceB), secret: bed.esKey.publicKey.pemRepresentation)
            case .unknownClient:
                return try await AppTestbed.hs256(AppTestbed.claims("PMS-404", practice: bed.practiceA))
            case .tooLongLived:
                return try await AppTestbed.hs256(AppTestbed.claims("PMS-1", practice: bed.practiceA, lifetime: 48 * 3600))
            case .noExpiry:
                return try await AppTestbed.hs256(.init(sub: "PMS-1", practice: bed.practiceA.rawValue, iat: now))
            case .notYetValid:
                return try await AppTestbed.hs256(
                    .init(sub: "PMS-1", practice: bed.practiceA.rawValue, exp: now + 3600, nbf: now + 1800, iat: now))
            case .controlCharacterInSubject:
                // Validly signed, but no PMS id holds a control character (the store cannot hold NUL).
                return try await AppTestbed.hs256(AppTestbed.claims("PMS-1\u{0}", practice: bed.practiceA))
            case .practiceAsText:
                let header = Self.base64URL(#"{"alg":"HS256","typ":"JWT"}"#)
                let payload = Self.base64URL(#"{"sub":"PMS-1","practice":"\#(bed.practiceA.rawValue)","exp":\#(now + 600)}"#)
                return "\(header).\(payload).c2lnbmF0dXJl"
            }
        }

        static func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
    }

    @Test("a bad token is refused with 401 and a plain JSON error", arguments: BadToken.allCases)
    func badTokens(_ kind: BadToken) async throws {
        let bed = try await AppTestbed()
        let token = try await kind.token(bed)
        try await bed.test { client in
            let response = try await client.app(.get, "/app/v1/conversations", token: token)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "auth.app_token")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test("valid HS256 and ES256 tokens are admitted")
    func goodTokens() async throws {
        let bed = try await AppTestbed()
        let hs = try await bed.jamie()
        let es = try await bed.es256(AppTestbed.claims("PMS-9", practice: bed.practiceB))
        try await bed.test { client in
            for token in [hs, es] {
                let response = try await client.app(.get, "/app/v1/conversations", token: token)
                #expect(response.status == .ok)
                #expect((response.object["conversations"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("a verifier refuses an HS256 secret shorter than 32 bytes")
    func shortSecret() async throws {
        let verifier = AppTokenVerifier(secret: { _ in "short" })
        let token = try await AppTestbed.hs256(AppTestbed.claims("PMS-1", practice: PracticeID(1)))
        await #expect(throws: TextingError.self) { try await verifier.verify(token) }
    }

    @Test("an app message joins the number's active text conversation: one active conversation (R1, S5, P2)")
    func joinsActiveTextConversation() async throws {
        let bed = try await AppTestbed()
        let staffStarted = try await bed.base.startConversation(practice: bed.practiceA, phone: "312-555-0101", title: "Vaccines")
        let token = try await bed.jamie()
        let sent = try await bed.test { client in
            let response = try await client.app(.post, "/app/v1/messages", token: token, #"{"body": "Is Rex due soon?"}"#)
            #expect(response.status == .created)
            return Data(response.body.readableBytesView)
        }.jsonObject
        #expect((sent["conversation"] as? Int).map(Int64.init) == staffStarted)
        let active = try await bed.base.store.conversations(practice: bed.practiceA, activeOnly: true)
        #expect(active.count == 1)
        let messages = try await bed.base.store.messages(conversation: ConversationID(staffStarted))
        let last = try #require(messages.last)
        #expect(last.channel == .app && last.author == .client && last.direction == .inbound)
        #expect(last.body == "Is Rex due soon?")
    }

    @Test("an app message with no active conversation opens one in the app, with no profile bot")
    func opensAppConversation() async throws {
        let bed = try await AppTestbed()
        let token = try await bed.jamie()
        let sent = try await bed.test { client in
            Data(try await client.app(.post, "/app/v1/messages", token: token, #"{"body": "Hello"}"#).body.readableBytesView)
        }.jsonObject
        let id = try #require((sent["conversation"] as? Int).map(Int64.init))
        let record = try #require(try await bed.base.store.conversation(ConversationID(id)))
        #expect(record.channel == .app)
        #expect(record.bot == nil)
        #expect((sent["replies"] as? [Any])?.isEmpty == true)
    }

    @Test("the after-hours reply goes back in the app, never by text (A1, P2)")
    func afterHoursInApp() async throws {
        let bed = try await AppTestbed()
        var practice = try await bed.base.router.practice(bed.practiceA)
        practice.hours = ConversationHours(timeZone: practice.timeZone)  // never open
        try await bed.base.router.updatePractice(practice)
        let token = try await bed.jamie()
        let sent = try await bed.test { client in
            Data(try await client.app(.post, "/app/v1/messages", token: token, #"{"body": "Rex ate a sock"}"#).body.readableBytesView)
        }.jsonObject
        let id = try #require((sent["conversation"] as? Int).map(Int64.init))
        let messages = try await bed.base.store.messages(conversation: ConversationID(id))
        #expect(messages.count == 2)
        let reply = try #require(messages.last)
        #expect(reply.body == Replies.afterHours(emergencyPhone: "(312) 555-0199"))
        #expect(reply.channel == .app && reply.direction == .outbound)
        #expect(reply.deliveryState == nil)
        #expect(try await bed.base.store.outboxDepth() == 0)
    }

    @Test("a client's token never reads or marks another client's conversation (W2): 404 as for none")
    func otherClientsConversation() async throws {
        let bed = try await AppTestbed()
        let jamie = try await bed.jamie()
        let kim = try await bed.kim()
        try await bed.test { client in
            let sent = try await client.app(.post, "/app/v1/messages", token: kim, #"{"body": "Kim here"}"#).object
            let id = try #require(sent["conversation"] as? Int)
            let message = try #require(sent["message"] as? Int)
            let read = try await client.app(.get, "/app/v1/conversations/\(id)/messages", token: jamie)
            let missing = try await client.app(.get, "/app/v1/conversations/999999/messages", token: jamie)
            #expect(read.status == .notFound && missing.status == .notFound)
            #expect(read.errorCode == "conversation.not_found" && missing.errorCode == "conversation.not_found")
            let mark = try await client.app(.post, "/app/v1/conversations/\(id)/read", token: jamie, #"{"through": \#(message)}"#)
            #expect(mark.status == .notFound)
            let list = try await client.app(.get, "/app/v1/conversations", token: jamie).object
            #expect((list["conversations"] as? [Any])?.isEmpty == true)
            let own = try await client.app(.get, "/app/v1/conversations/\(id)/messages", token: kim)
            #expect(own.status == .ok)
        }
    }

    @Test("the client's read mark moves forward only and staff see the receipt (P2)")
    func readMarkForwardOnly() async throws {
        let bed = try await AppTestbed()
        let id = try await bed.base.startConversation(practice: bed.practiceA, phone: "312-555-0101", title: "Checkup")
        let second = try await bed.base.operations.reply(StaffAPIHarness.root, ConversationReplyCommand(
            practice: bed.practiceA.rawValue, staff: "Dana", conversation: id, message: "See you at 3."))
        let messages = try await bed.base.store.messages(conversation: ConversationID(id))
        let first = try #require(messages.first?.id.rawValue)
        let newest = try #require(second.message)
        let token = try await bed.jamie()
        try await bed.test { client in
            let list = try await client.app(.get, "/app/v1/conversations", token: token).object
            let row = try #require((list["conversations"] as? [[String: Any]])?.first)
            #expect(row["unread"] as? Int == 2)
            let marked = try await client.app(.post, "/app/v1/conversations/\(id)/read", token: token, #"{"through": \#(newest)}"#)
            #expect(marked.status == .ok)
            #expect((marked.object["through"] as? Int).map(Int64.init) == newest)
            #expect(marked.object["unread"] as? Int == 0)
            let back = try await client.app(.post, "/app/v1/conversations/\(id)/read", token: token, #"{"through": \#(first)}"#)
            #expect((back.object["through"] as? Int).map(Int64.init) == newest)
            let thread = try await client.app(.get, "/app/v1/conversations/\(id)/messages", token: token).object
            let conversation = try #require(thread["conversation"] as? [String: Any])
            #expect(conversation["unread"] as? Int == 0)
            #expect((conversation["readThrough"] as? Int).map(Int64.init) == newest)
            #expect((thread["messages"] as? [Any])?.count == 2)
        }
        let record = try #require(try await bed.base.store.conversation(ConversationID(id)))
        #expect(record.clientReadThrough?.rawValue == newest)
        #expect(record.clientReadAt != nil)
    }

    @Test("a message the app may not send is refused; a client without a number gets 409")
    func refusedMessages() async throws {
        let bed = try await AppTestbed()
        try await bed.base.store.upsertDirectory(practice: bed.practiceA, clients: [
            ClientProfile(id: ClientID(0), practiceID: bed.practiceA, source: .pms, externalID: "PMS-3", firstName: "No",
                          lastName: "Phone"),
        ])
        let jamie = try await bed.jamie()
        let noPhone = try await AppTestbed.hs256(AppTestbed.claims("PMS-3", practice: bed.practiceA))
        try await bed.test { client in
            for body in [#""""#, #""   ""#, #""a\u0000b""#, #""tab\there""#, "\"" + String(repeating: "x", count: 1601) + "\""] {
                let response = try await client.app(.post, "/app/v1/messages", token: jamie, #"{"body": \#(body)}"#)
                #expect(response.status == .badRequest, "\(body)")
            }
            let ok = try await client.app(.post, "/app/v1/messages", token: jamie, #"{"body": "two\nlines"}"#)
            #expect(ok.status == .created)
            let response = try await client.app(.post, "/app/v1/messages", token: noPhone, #"{"body": "hi"}"#)
            #expect(response.status == .conflict)
            #expect(response.errorCode == "app.no_phone")
        }
    }

    @Test("the live stream carries the client's conversations only: a staff reply arrives, another client's does not")
    func streamScopedToClient() async throws {
        let bed = try await AppTestbed()
        let jamie = AppClient(practice: bed.practiceA, pmsClientID: "PMS-1")
        let stream = try await bed.operations.followAppChanges(jamie, after: nil)
        defer { stream.subscription.end() }
        let mine = try await bed.base.startConversation(practice: bed.practiceA, phone: "312-555-0101", title: "Mine")
        let theirs = try await bed.base.startConversation(practice: bed.practiceA, phone: "312-555-0102", title: "Theirs")
        let reply = try await bed.base.operations.reply(StaffAPIHarness.root, ConversationReplyCommand(
            practice: bed.practiceA.rawValue, staff: "Dana", conversation: mine, message: "Rex is ready."))
        var seen: [Change] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !seen.contains(where: { $0.message?.rawValue == reply.message }) {
            for delivery in await stream.subscription.next() {
                if case .event(let event) = delivery, await stream.scope.includes(event.change) { seen.append(event.change) }
            }
        }
        #expect(seen.contains { $0.kind == .messageCreated && $0.message?.rawValue == reply.message })
        #expect(!seen.contains { $0.conversation?.rawValue == theirs })
        #expect(seen.allSatisfy { $0.conversation?.rawValue == mine })
    }
}

extension Data {
    /// The data as a JSON object (empty when it is not one).
    var jsonObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: self) as? [String: Any]) ?? [:]
    }
}
