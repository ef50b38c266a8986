import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import TextingCore
import TextingStore
import Testing

/// W2 for every route the server has: an account of practice A asking for anything of practice B
/// gets exactly the answer it gets for a thing that exists nowhere, and B's data does not
/// change. The matrix enumerates the router's registered routes, so a new route without a case
/// here fails the test until someone decides how it is scoped.
@Suite struct CrossPracticeMatrixTests {
    /// Practice B's things, named by the routes' path parameters.
    struct Theirs: Sendable {
        var conversation: Int64
        var client: Int64
        var account: Int64
        var media: String
        var phone: String
    }

    /// How a route is scoped.
    enum Case: Sendable {
        /// The route names a thing by its path parameter: B's thing and one that does not exist
        /// must answer alike; for an admin of A with `status` and `code`.
        case names(parameter: String, theirs: @Sendable (Theirs) -> String, none: String, body: String?,
                   status: HTTPResponse.Status, code: String?)
        /// The route names nothing of a practice: it acts on the session's own practice (or
        /// needs no session). `probe`: a GET whose answer, asked with `?practice=<B>`, must hold
        /// none of B's data.
        case ownPractice(probe: Bool)
    }

    static let noConversation = Case.names(
        parameter: "{id}", theirs: { String($0.conversation) }, none: "999999", body: #"{"message": "Hello?"}"#,
        status: .notFound, code: "conversation.not_found")
    static func account(_ body: String? = nil) -> Case {
        .names(parameter: "{id}", theirs: { String($0.account) }, none: "999999", body: body, status: .notFound,
               code: "account.not_found")
    }
    static let noClient = Case.names(
        parameter: "{id}", theirs: { String($0.client) }, none: "999999", body: #"{"firstName": "Stolen"}"#,
        status: .notFound, code: "client.not_found")

    /// Every route of the server, by `METHOD /path`.
    static let cases: [String: Case] = [
        "GET /api/v1/openapi.json": .ownPractice(probe: false),
        "POST /api/v1/session": .ownPractice(probe: false),
        "GET /api/v1/session": .ownPractice(probe: true),
        "DELETE /api/v1/session": .ownPractice(probe: false),
        "GET /api/v1/events": .ownPractice(probe: false),  // a stream; EventStreamTests checks its scope
        "GET /api/v1/conversations": .ownPractice(probe: true),
        "POST /api/v1/conversations": .ownPractice(probe: false),
        "GET /api/v1/conversations/{id}": noConversation,
        "POST /api/v1/conversations/{id}/messages": noConversation,
        "POST /api/v1/conversations/{id}/end": noConversation,
        "POST /api/v1/conversations/{id}/opt-out": noConversation,
        "POST /api/v1/conversations/{id}/read": noConversation,
        "GET /api/v1/clients": .ownPractice(probe: true),
        "GET /api/v1/clients/{id}": noClient,
        "PATCH /api/v1/clients/{id}": noClient,
        "GET /api/v1/subscriptions/{phone}": .names(
            parameter: "{phone}", theirs: { $0.phone }, none: "+13125552099", body: nil, status: .ok, code: nil),
        "PUT /api/v1/subscriptions/{phone}": .names(
            parameter: "{phone}", theirs: { $0.phone }, none: "+13125552099", body: #"{"twoWay": false}"#, status: .ok,
            code: nil),
        "GET /api/v1/practice": .ownPractice(probe: true),
        "PATCH /api/v1/practice": .ownPractice(probe: false),
        "POST /api/v1/practice/app-chat": .ownPractice(probe: false),
        "POST /api/v1/practice/texting": .ownPractice(probe: false),
        "POST /api/v1/practice/number": .ownPractice(probe: false),
        "POST /api/v1/practice/number/port": .ownPractice(probe: false),
        "POST /api/v1/practice/number/port-complete": .ownPractice(probe: false),
        "GET /api/v1/practice/hours": .ownPractice(probe: true),
        "PUT /api/v1/practice/hours": .ownPractice(probe: false),
        "DELETE /api/v1/practice/hours": .ownPractice(probe: false),
        "POST /api/v1/practice/hours/exceptions": .ownPractice(probe: false),
        "DELETE /api/v1/practice/hours/exceptions/{date}": .ownPractice(probe: false),  // a date of the own hours
        "GET /api/v1/staff-accounts": .ownPractice(probe: true),
        "POST /api/v1/staff-accounts": .ownPractice(probe: false),
        "POST /api/v1/staff-accounts/{id}/disable": account(),
        "POST /api/v1/staff-accounts/{id}/enable": account(),
        "POST /api/v1/staff-accounts/{id}/reset-password": account(#"{"password": "stolen but long enough"}"#),
        "POST /api/v1/uploads": .ownPractice(probe: false),
        "GET /api/v1/media/{id}": .names(
            parameter: "{id}", theirs: { $0.media }, none: String(repeating: "0", count: 32), body: nil, status: .notFound,
            code: "media.not_found"),
    ]

    @Test("W2: every registered route has a case in the cross-practice matrix, and every case is a route")
    func everyRouteHasACase() async throws {
        let testbed = try await StaffAPITestbed()
        let served = Set(testbed.api.build().routes.map(\.description))
        let covered = Set(Self.cases.keys)
        #expect(served.subtracting(covered).isEmpty, "routes without a W2 case: decide how they are scoped")
        #expect(covered.subtracting(served).isEmpty, "cases of routes the server no longer has")
    }

    @Test("W2: for every route naming a thing, practice B's thing answers an account of A exactly like one that does not exist, and B's data stays as it was")
    func otherPracticeAnswersAsNothing() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("alice", practice: testbed.practiceA, role: .admin)
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        let bob = try await testbed.addAccount("bob", practice: testbed.practiceB)
        let theirs = try await Self.practiceBData(testbed, bob: bob)
        let before = try await Self.snapshot(testbed, theirs)
        let served = testbed.api.build().routes

        try await testbed.test { client in
            for login in ["alice", "sam"] {
                let session = try await client.signedIn(login)
                for route in served {
                    guard case .names(let parameter, let named, let none, let body, let status, let code)? = Self.cases[route.description]
                    else { continue }
                    let method = try #require(HTTPRequest.Method(route.method))
                    let theirsPath = route.path.replacingOccurrences(of: parameter, with: named(theirs))
                    let nonePath = route.path.replacingOccurrences(of: parameter, with: none)
                    let forTheirs = try await client.call(method, theirsPath, session, body)
                    let forNone = try await client.call(method, nonePath, session, body)
                    let label = "\(login): \(route)"
                    #expect(forTheirs.status == forNone.status, "\(label)")
                    #expect(forTheirs.errorCode == forNone.errorCode, "\(label)")
                    #expect(Self.normalized(forTheirs, named(theirs)) == Self.normalized(forNone, none), "\(label)")
                    if login == "alice" {
                        #expect(forTheirs.status == status, "\(label)")
                        #expect(forTheirs.errorCode == code, "\(label)")
                    }
                }
            }
            // Routes that name nothing act on the session's own practice, whatever practice the
            // query names.
            let alice = try await client.signedIn("alice")
            for route in served {
                guard case .ownPractice(probe: true)? = Self.cases[route.description] else { continue }
                let response = try await client.call(.get, route.path + "?practice=\(testbed.practiceB.rawValue)&lastName=Garcia", alice)
                #expect(response.status == .ok, "\(route)")
                #expect(!response.bodyText.contains("Beta Vet"), "\(route)")
                #expect(!response.bodyText.contains(theirs.phone), "\(route)")
                #expect(!response.bodyText.contains("bob"), "\(route)")
            }
        }
        #expect(try await Self.snapshot(testbed, theirs) == before)
        let bobSignsIn = try await testbed.test { client in try await client.signIn("bob").status }
        #expect(bobSignsIn == .created)
    }

    /// Practice B's conversation (with a client, Rex Garcia, and a stored PDF), its account bob,
    /// and a number whose reminders B turned off.
    static func practiceBData(_ testbed: StaffAPITestbed, bob: Int64) async throws -> Theirs {
        // A's own clients and conversations first, so that B's ids differ from every practice id
        // (an answer names the caller's practice, and the comparison takes B's id out of it).
        for index in 0..<5 {
            _ = try await testbed.operations.startConversation(StaffAPITestbed.root, ConversationStartCommand(
                practice: testbed.practiceA.rawValue, staff: "Root", to: "+1312555206\(index)", firstName: "Pad",
                lastName: "Ding", title: ""))
        }
        let phone = "+13125552071"
        let media = try await testbed.storedFile(practice: testbed.practiceB, phone: phone)
        _ = try await testbed.operations.setSubscription(StaffAPITestbed.root, SubscriptionSetCommand(
            practice: testbed.practiceB.rawValue, staff: "Root", phone: phone, reminders: false))
        _ = try await testbed.operations.editProfile(StaffAPITestbed.root, ProfileEditCommand(
            practice: testbed.practiceB.rawValue, staff: "Root", phone: phone, firstName: "Rex", lastName: "Garcia"))
        let list = try await testbed.operations.listConversations(
            StaffAPITestbed.root, ConversationListCommand(practice: testbed.practiceB.rawValue))
        let conversation = try #require(list.conversations.first?.id)
        let detail = try await testbed.operations.showConversation(
            StaffAPITestbed.root, .init(practice: testbed.practiceB.rawValue, conversation: conversation))
        return Theirs(conversation: conversation, client: try #require(detail.client?.id), account: bob, media: media,
                      phone: phone)
    }

    /// What A must not be able to change of B.
    struct Snapshot: Equatable {
        var messages: Int
        var active: Bool
        var clientName: String?
        var subscription: SubscriptionInfo
        var accountDisabled: Bool
    }

    static func snapshot(_ testbed: StaffAPITestbed, _ theirs: Theirs) async throws -> Snapshot {
        let practice = testbed.practiceB.rawValue
        let detail = try await testbed.operations.showConversation(
            StaffAPITestbed.root, .init(practice: practice, conversation: theirs.conversation))
        let accounts = try await testbed.operations.listStaffAccounts(StaffAPITestbed.root, StaffListCommand(practice: practice))
        return Snapshot(
            messages: detail.messages.count, active: detail.conversation.active, clientName: detail.client?.name,
            subscription: try await testbed.operations.showSubscription(
                StaffAPITestbed.root, SubscriptionShowCommand(practice: practice, phone: theirs.phone)),
            accountDisabled: accounts.accounts.first { $0.id == theirs.account }?.disabled ?? true)
    }

    /// The answer with the named thing's own text and times taken out, as JSON (or the raw body).
    static func normalized(_ response: TestResponse, _ named: String) -> String {
        let text = response.bodyText.replacingOccurrences(of: named, with: "<named>")
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return text }
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !["at", "twoWayOptedOutAt"].contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let data = (try? JSONSerialization.data(withJSONObject: strip(json), options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
