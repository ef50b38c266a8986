import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// W4 for every route the server has: a change (POST, PUT, PATCH, DELETE) with the session's
/// cookie but without its CSRF token, or with another session's, is refused 403 `auth.csrf`
/// and changes nothing. Signing in is the one change without a session, so without a token.
@Suite struct CSRFMatrixTests {
    @Test("W4: every mutation route refuses a request without the CSRF token, or with a wrong one, with 403 auth.csrf")
    func everyMutationNeedsTheToken() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        let conversation = try await testbed.startConversation(practice: testbed.practiceA, phone: "+13125552070", title: "Bella")
        let mutations = testbed.api.build().routes.filter {
            ["POST", "PUT", "PATCH", "DELETE"].contains($0.method) && $0.description != "POST /api/v1/session"
        }
        #expect(mutations.count >= 20)
        try await testbed.test { client in
            let session = try await client.signedIn("ada")
            for route in mutations {
                let method = try #require(HTTPRequest.Method(route.method))
                let path = route.path.replacingOccurrences(of: "{id}", with: "\(conversation)")
                    .replacingOccurrences(of: "{phone}", with: "+13125552070")
                    .replacingOccurrences(of: "{date}", with: "2026-12-24")
                let without = try await client.execute(
                    uri: path, method: method, headers: [.cookie: session.cookie, .contentType: "application/json"],
                    body: ByteBuffer(string: "{}"))
                #expect(without.status == .forbidden, "\(route)")
                #expect(without.errorCode == "auth.csrf", "\(route)")
                let wrong = try await client.execute(
                    uri: path, method: method,
                    headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: String(session.csrfToken.reversed()),
                              .contentType: "application/json"],
                    body: ByteBuffer(string: "{}"))
                #expect(wrong.errorCode == "auth.csrf", "\(route)")
            }
            // The session is still signed in: the refusals ended nothing.
            #expect(try await client.call(.get, "/api/v1/session", session).status == .ok)
        }
        let detail = try await testbed.operations.showConversation(
            StaffAPITestbed.root, .init(practice: testbed.practiceA.rawValue, conversation: conversation))
        #expect(detail.conversation.active)
        #expect(detail.messages.count == 1)
    }
}
