import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// W1 for every route the server has: a `staff` account is refused `403 auth.forbidden` on
/// exactly the admin routes (practice settings, number, hours changes, staff accounts) and on no
/// other. The table enumerates the router's registered routes, so a new route without a role
/// here fails the test until someone decides who may use it.
@Suite struct RoleMatrixTests {
    enum Role: Sendable { case admin, everyone }

    /// Every route of the server (`METHOD /path`), who may use it, and a body that is valid for it.
    static let roles: [String: (role: Role, body: String?)] = [
        "GET /api/v1/openapi.json": (.everyone, nil),
        "POST /api/v1/session": (.everyone, #"{"login": "sam", "password": "correct horse battery"}"#),
        "GET /api/v1/session": (.everyone, nil),
        "DELETE /api/v1/session": (.everyone, nil),
        "GET /api/v1/events": (.everyone, nil),
        "GET /api/v1/conversations": (.everyone, nil),
        "POST /api/v1/conversations": (.everyone, #"{"to": "+13125552075", "title": "New", "message": "Hello"}"#),
        "GET /api/v1/conversations/{id}": (.everyone, nil),
        "POST /api/v1/conversations/{id}/messages": (.everyone, #"{"message": "Hello"}"#),
        "POST /api/v1/conversations/{id}/read": (.everyone, "{}"),
        "POST /api/v1/conversations/{id}/opt-out": (.everyone, nil),
        "POST /api/v1/conversations/{id}/end": (.everyone, nil),
        "GET /api/v1/clients": (.everyone, nil),
        "GET /api/v1/clients/{id}": (.everyone, nil),
        "PATCH /api/v1/clients/{id}": (.everyone, #"{"firstName": "Bella"}"#),
        "GET /api/v1/subscriptions/{phone}": (.everyone, nil),
        "PUT /api/v1/subscriptions/{phone}": (.everyone, #"{"reminders": false}"#),
        "POST /api/v1/uploads": (.everyone, nil),
        "GET /api/v1/media/{id}": (.everyone, nil),
        "GET /api/v1/practice": (.everyone, nil),
        "GET /api/v1/practice/hours": (.everyone, nil),
        "PATCH /api/v1/practice": (.admin, #"{"name": "Renamed"}"#),
        "POST /api/v1/practice/app-chat": (.admin, #"{"enabled": true}"#),
        "POST /api/v1/practice/texting": (.admin, #"{"enabled": false}"#),
        "POST /api/v1/practice/number": (.admin, nil),
        "POST /api/v1/practice/number/port": (.admin, #"{"number": "312-555-0100", "carrier": "Verizon"}"#),
        "POST /api/v1/practice/number/port-complete": (.admin, nil),
        "PUT /api/v1/practice/hours": (.admin, #"{"weekly": []}"#),
        "DELETE /api/v1/practice/hours": (.admin, nil),
        "POST /api/v1/practice/hours/exceptions": (.admin, #"{"date": "2026-12-24", "closed": true}"#),
        "DELETE /api/v1/practice/hours/exceptions/{date}": (.admin, nil),
        "GET /api/v1/staff-accounts": (.admin, nil),
        "POST /api/v1/staff-accounts": (.admin, #"{"login": "newbie", "name": "New", "role": "admin", "password": "a long enough secret"}"#),
        "POST /api/v1/staff-accounts/{id}/disable": (.admin, nil),
        "POST /api/v1/staff-accounts/{id}/enable": (.admin, nil),
        "POST /api/v1/staff-accounts/{id}/reset-password": (.admin, #"{"password": "a long enough secret"}"#),
    ]

    @Test("W1: every registered route has a role in the matrix, and every entry is a route")
    func everyRouteHasARole() async throws {
        let testbed = try await StaffAPITestbed()
        let served = Set(testbed.api.build().routes.map(\.description))
        #expect(served.subtracting(Self.roles.keys).isEmpty, "routes without a role: decide who may use them")
        #expect(Set(Self.roles.keys).subtracting(served).isEmpty, "roles of routes the server no longer has")
    }

    @Test("W1: a staff account gets 403 auth.forbidden on exactly the admin routes, and the practice stays as it was")
    func staffIsRefusedExactlyTheAdminRoutes() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        let admin = try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        let conversation = try await testbed.startConversation(practice: testbed.practiceA, phone: "+13125552070", title: "Bella")
        let started = try await testbed.operations.startConversation(StaffAPITestbed.root, ConversationStartCommand(
            practice: testbed.practiceA.rawValue, staff: "Root", to: "+13125552071", firstName: "Rex", lastName: "Garcia",
            title: ""))
        let client = try #require(try await testbed.operations.showConversation(
            StaffAPITestbed.root, .init(practice: testbed.practiceA.rawValue, conversation: started.conversation)).client?.id)
        let media = try await testbed.storedFile(practice: testbed.practiceA, phone: "+13125552072")
        let before = try await testbed.operations.showPractice(StaffAPITestbed.root, .init(practice: testbed.practiceA.rawValue))
        // Routes that end the session or stream run last or not at all.
        let served = testbed.api.build().routes.filter {
            !["DELETE /api/v1/session", "GET /api/v1/events"].contains($0.description)
        }
        try await testbed.test { client_ in
            let session = try await client_.signedIn("sam")
            for route in served {
                let entry = try #require(Self.roles[route.description], "\(route)")
                let id = route.path.contains("staff-accounts") ? admin
                    : route.path.contains("clients/") ? client : conversation
                let path = route.path.replacingOccurrences(of: "{id}", with: route.path.contains("media/") ? media : "\(id)")
                    .replacingOccurrences(of: "{phone}", with: "+13125552070")
                    .replacingOccurrences(of: "{date}", with: "2026-12-24")
                let response = try await client_.call(try #require(HTTPRequest.Method(route.method)), path, session, entry.body)
                switch entry.role {
                case .admin:
                    #expect(response.status == .forbidden, "\(route)")
                    #expect(response.errorCode == "auth.forbidden", "\(route)")
                case .everyone:
                    #expect(response.errorCode != "auth.forbidden", "\(route)")
                    #expect(response.status != .forbidden, "\(route): \(response.errorCode ?? "")")
                }
            }
        }
        let after = try await testbed.operations.showPractice(StaffAPITestbed.root, .init(practice: testbed.practiceA.rawValue))
        #expect(after == before)
        let accounts = try await testbed.operations.listStaffAccounts(
            StaffAPITestbed.root, StaffListCommand(practice: testbed.practiceA.rawValue))
        #expect(accounts.accounts.map(\.login) == ["sam", "ada"])
        #expect(accounts.accounts.allSatisfy { !$0.disabled })
    }
}
