import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import TextingCore
import TextingStore
import Testing

/// One client's profile (R3, A5, C2) and a number's subscription settings (O1, O4) over the API.
@Suite struct ClientProfileRouteTests {
    /// Starts a conversation with a typed name so the number has a staff profile; its client id.
    static func client(_ testbed: StaffAPITestbed, practice: PracticeID, phone: String, first: String, last: String)
        async throws -> Int64
    {
        let started = try await testbed.operations.startConversation(StaffAPITestbed.root, ConversationStartCommand(
            practice: practice.rawValue, staff: "Root", to: phone, firstName: first, lastName: last, title: ""))
        let detail = try await testbed.operations.showConversation(
            StaffAPITestbed.root, .init(practice: practice.rawValue, conversation: started.conversation))
        return try #require(detail.client?.id)
    }

    @Test("R3, C2, A5: staff read a client's profile and edit its names and email; a bad email is refused")
    func profile() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        let id = try await Self.client(testbed, practice: testbed.practiceA, phone: "+13125552070", first: "Maria", last: "Lopez")
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let read = try await client.call(.get, "/api/v1/clients/\(id)", session)
            #expect(read.status == .ok)
            #expect(read.json["name"] as? String == "Maria Lopez")
            #expect((read.json["phones"] as? [[String: Any]])?.first?["number"] as? String == "+13125552070")
            #expect((read.json["chat"] as? [String: Any])?["available"] as? Bool == false)

            let edited = try await client.call(
                .patch, "/api/v1/clients/\(id)", session, #"{"firstName": "María", "email": "maria@example.com"}"#)
            #expect(edited.status == .ok)
            #expect(edited.json["name"] as? String == "María Lopez")
            #expect(edited.json["email"] as? String == "maria@example.com")
            #expect(edited.json["emailMissingFromPMS"] as? Bool == true)

            let badEmail = try await client.call(.patch, "/api/v1/clients/\(id)", session, #"{"email": "not an email"}"#)
            #expect(badEmail.status == .badRequest)
            #expect(badEmail.errorCode == "profile.invalid_email")
            let nothing = try await client.call(.patch, "/api/v1/clients/\(id)", session, "{}")
            #expect(nothing.status == .badRequest)
            let noToken = try await client.call(.patch, "/api/v1/clients/\(id)", session, #"{"lastName": "X"}"#, csrf: false)
            #expect(noToken.errorCode == "auth.csrf")
            let cleared = try await client.call(.patch, "/api/v1/clients/\(id)", session, #"{"email": ""}"#)
            #expect(cleared.json["email"] == nil)
            #expect(cleared.json["lastName"] as? String == "Lopez")

            let unknown = try await client.call(.get, "/api/v1/clients/999999", session)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "client.not_found")
        }
    }

    @Test("O4, W1: staff change a number's subscriptions; the history says who (the account), how and when")
    func subscriptions() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let before = try await client.call(.get, "/api/v1/subscriptions/+13125552070", session)
            #expect(before.status == .ok)
            #expect(before.json["phone"] as? String == "+13125552070")
            #expect(before.json["twoWay"] as? Bool == true)
            #expect((before.json["history"] as? [Any])?.isEmpty == true)

            let off = try await client.call(.put, "/api/v1/subscriptions/(312)%20555-2070", session, #"{"reminders": false}"#)
            #expect(off.status == .ok)
            #expect(off.json["reminders"] as? Bool == false)
            #expect(off.json["twoWay"] as? Bool == true)
            let history = try #require(off.json["history"] as? [[String: Any]])
            #expect(history.count == 1)
            #expect(history.first?["kind"] as? String == "reminders")
            #expect(history.first?["actor"] as? String == "staff:Sam")
            #expect(history.first?["method"] as? String == "subscription settings")

            let neither = try await client.call(.put, "/api/v1/subscriptions/+13125552070", session, "{}")
            #expect(neither.status == .badRequest)
            let foreign = try await client.call(.get, "/api/v1/subscriptions/+442071838750", session)
            #expect(foreign.status == .badRequest)
            let noToken = try await client.call(.put, "/api/v1/subscriptions/+13125552070", session, #"{"twoWay": false}"#, csrf: false)
            #expect(noToken.errorCode == "auth.csrf")
        }
        let recorded = try await testbed.base.store.subscriptionHistory(
            practice: testbed.practiceA, phone: try PhoneNumber(parsing: "+13125552070"))
        #expect(recorded.first?.accountID != nil)
    }
}
