import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// Staff accounts on the web (W1, W4): admins list, add, disable, enable and re-key their own
/// practice's accounts; disabling and a new password end the account's sessions at once.
@Suite struct StaffAccountRouteTests {
    @Test("W1: an admin lists and adds accounts of its own practice; the new account signs in")
    func listAndAdd() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        try await testbed.addAccount("bob", practice: testbed.practiceB)
        try await testbed.test { client in
            let admin = try await client.signedIn("ada")
            let added = try await client.call(
                .post, "/api/v1/staff-accounts", admin,
                #"{"login": "Carol", "name": "Carol at the desk", "role": "staff", "password": "a long enough secret"}"#)
            #expect(added.status == .created)
            #expect(added.json["login"] as? String == "carol")
            #expect(added.json["practice"] as? Int64 == testbed.practiceA.rawValue)
            #expect(added.json["password"] == nil)
            let list = try await client.call(.get, "/api/v1/staff-accounts", admin)
            let logins = (list.json["accounts"] as? [[String: Any]])?.compactMap { $0["login"] as? String }
            #expect(logins == ["ada", "carol"])  // bob is practice B's
            #expect(!list.bodyText.contains("hash"))

            let taken = try await client.call(
                .post, "/api/v1/staff-accounts", admin,
                #"{"login": "bob", "name": "Another Bob", "role": "staff", "password": "a long enough secret"}"#)
            #expect(taken.status.code >= 400 && taken.status.code < 500)
            let short = try await client.call(
                .post, "/api/v1/staff-accounts", admin, #"{"login": "dave", "name": "Dave", "role": "staff", "password": "short"}"#)
            #expect(short.status == .badRequest)
            let role = try await client.call(
                .post, "/api/v1/staff-accounts", admin,
                #"{"login": "erin", "name": "Erin", "role": "owner", "password": "a long enough secret"}"#)
            #expect(role.errorCode == "account.invalid_role")

            let carol = try await client.signIn("carol", password: "a long enough secret")
            #expect(carol.status == .created)
        }
    }

    @Test("W1: a staff account gets 403 auth.forbidden on every staff-account route")
    func staffIsForbidden() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        let ada = try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/v1/staff-accounts", nil),
                (.post, "/api/v1/staff-accounts", #"{"login": "x1x", "name": "X", "role": "admin", "password": "a long enough secret"}"#),
                (.post, "/api/v1/staff-accounts/\(ada)/disable", nil),
                (.post, "/api/v1/staff-accounts/\(ada)/enable", nil),
                (.post, "/api/v1/staff-accounts/\(ada)/reset-password", #"{"password": "a long enough secret"}"#),
            ]
            for (method, uri, body) in requests {
                let response = try await client.call(method, uri, session, body)
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.errorCode == "auth.forbidden", "\(method) \(uri)")
            }
        }
        #expect(try await client(testbed, "ada") == .created)
    }

    @Test("W4: disabling an account ends its sessions at once; enabling lets it sign in again, not its old sessions")
    func disablingEndsSessions() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        let sam = try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let admin = try await client.signedIn("ada")
            let staff = try await client.signedIn("sam")
            #expect(try await client.call(.get, "/api/v1/conversations", staff).status == .ok)

            let disabled = try await client.call(.post, "/api/v1/staff-accounts/\(sam)/disable", admin)
            #expect(disabled.status == .ok)
            #expect(disabled.json["disabled"] as? Bool == true)
            let after = try await client.call(.get, "/api/v1/conversations", staff)
            #expect(after.status == .unauthorized)
            #expect(after.errorCode == "auth.not_signed_in")
            let again = try await client.signIn("sam")
            #expect(again.status == .forbidden)
            #expect(again.errorCode == "auth.account_disabled")

            let enabled = try await client.call(.post, "/api/v1/staff-accounts/\(sam)/enable", admin)
            #expect(enabled.json["disabled"] as? Bool == false)
            #expect(try await client.call(.get, "/api/v1/conversations", staff).status == .unauthorized)
            #expect(try await client.signIn("sam").status == .created)

            // An admin cannot lock itself out.
            let me = try #require((admin.sessionAccountID(try await client.call(.get, "/api/v1/session", admin))))
            let own = try await client.call(.post, "/api/v1/staff-accounts/\(me)/disable", admin)
            #expect(own.errorCode == "account.self")
        }
    }

    @Test("W4: a new password ends the account's sessions; the old password no longer signs in")
    func resetPasswordEndsSessions() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        let sam = try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let admin = try await client.signedIn("ada")
            let staff = try await client.signedIn("sam")
            let reset = try await client.call(
                .post, "/api/v1/staff-accounts/\(sam)/reset-password", admin, #"{"password": "a brand new passphrase"}"#)
            #expect(reset.status == .ok)
            #expect(try await client.call(.get, "/api/v1/session", staff).status == .unauthorized)
            #expect(try await client.signIn("sam").status == .unauthorized)
            #expect(try await client.signIn("sam", password: "a brand new passphrase").status == .created)
            let noToken = try await client.call(.post, "/api/v1/staff-accounts/\(sam)/disable", admin, csrf: false)
            #expect(noToken.errorCode == "auth.csrf")
            let unknown = try await client.call(.post, "/api/v1/staff-accounts/999999/enable", admin)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "account.not_found")
            let notAnID = try await client.call(.post, "/api/v1/staff-accounts/sam/enable", admin)
            #expect(notAnID.errorCode == "account.not_found")
        }
    }

    /// The status of signing in as `login` with a fresh client.
    private func client(_ testbed: StaffAPITestbed, _ login: String) async throws -> HTTPResponse.Status {
        try await testbed.test { client in try await client.signIn(login).status }
    }
}

extension SignedIn {
    /// The account id of a `GET /api/v1/session` answer.
    func sessionAccountID(_ response: TestResponse) -> Int64? {
        (response.json["account"] as? [String: Any])?["id"] as? Int64
    }
}

extension TestResponse {
    /// The body as text.
    var bodyText: String { String(buffer: body) }
}
