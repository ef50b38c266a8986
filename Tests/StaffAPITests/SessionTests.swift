import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// W4: signing in and out of the staff API, the session cookie, CSRF on every change, the
/// sign-in throttle, and sessions that end at once.
@Suite struct StaffAPISessionTests {
    @Test("W4: signing in sets an HttpOnly, SameSite=Strict session cookie for / and returns the CSRF token")
    func signInSetsTheCookie() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let response = try await client.signIn("alice")
            #expect(response.status == .created)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.hasPrefix("twowayd_session="))
            let attributes = Set(setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("samesite=strict"))
            #expect(attributes.contains("path=/"))
            #expect(!attributes.contains("secure"))  // the public URL is http
            let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect((json?["csrfToken"] as? String)?.isEmpty == false)
            let account = json?["account"] as? [String: Any]
            #expect(account?["role"] as? String == "staff")
            #expect(account?["practice"] as? Int64 == harness.practiceA.rawValue)
            #expect(response.headers[.init("X-Request-Id")!] != nil)
        }
    }

    @Test("W4: the cookie is Secure when the API's public address is https")
    func secureCookieBehindHTTPS() async throws {
        let harness = try await StaffAPIHarness(publicURL: "https://inbox.example-vet.com")
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let signedIn = try await client.signedIn("alice")
            #expect(signedIn.setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("Secure"))
        }
    }

    @Test("W4: a wrong password and an unknown login both answer 401 auth.invalid_credentials")
    func wrongPassword() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let wrong = try await client.signIn("alice", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "auth.invalid_credentials")
            #expect(wrong.headers[.setCookie] == nil)
            let unknown = try await client.signIn("nobody")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorCode == "auth.invalid_credentials")
        }
    }

    @Test("W4: repeated failed sign-ins are answered 429 with Retry-After, even with the right password")
    func throttle() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            for _ in 1...5 {
                #expect(try await client.signIn("alice", password: "guess guess guess").status == .unauthorized)
            }
            let throttled = try await client.signIn("alice")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "auth.throttled")
            let retryAfter = try #require(throttled.headers[.retryAfter].flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 15 * 60)
            // Once the window has passed the right password signs in again.
            harness.clock.advance(15 * 60 + 1)
            #expect(try await client.signIn("alice").status == .created)
        }
    }

    @Test("W4: a protected route without a session, or with an unknown one, is 401 auth.not_signed_in")
    func noSession() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.test { client in
            let none = try await client.execute(uri: "/api/v1/session", method: .get)
            #expect(none.status == .unauthorized)
            #expect(none.errorCode == "auth.not_signed_in")
            let forged = try await client.execute(
                uri: "/api/v1/session", method: .get, headers: [.cookie: "twowayd_session=forged"])
            #expect(forged.status == .unauthorized)
            let signOut = try await client.execute(uri: "/api/v1/session", method: .delete)
            #expect(signOut.status == .unauthorized)
        }
    }

    @Test("W4: a change without the CSRF token, or with a wrong one, is 403 auth.csrf; with it, it is done")
    func csrf() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let missing = try await client.execute(
                uri: "/api/v1/session", method: .delete, headers: [.cookie: session.cookie])
            #expect(missing.status == .forbidden)
            #expect(missing.errorCode == "auth.csrf")
            let wrong = try await client.execute(
                uri: "/api/v1/session", method: .delete,
                headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: String(session.csrfToken.reversed())])
            #expect(wrong.status == .forbidden)
            #expect(wrong.errorCode == "auth.csrf")
            // The refused sign-outs left the session alive.
            let whoAmI = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session.cookie])
            #expect(whoAmI.status == .ok)
            let right = try await client.execute(
                uri: "/api/v1/session", method: .delete,
                headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken])
            #expect(right.status == .noContent)
        }
    }

    @Test("W4: signing out ends the session at once")
    func signOutEndsTheSession() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            let before = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session.cookie])
            #expect(before.status == .ok)
            let signOut = try await client.execute(
                uri: "/api/v1/session", method: .delete,
                headers: [.cookie: session.cookie, .init("X-CSRF-Token")!: session.csrfToken])
            #expect(signOut.status == .noContent)
            #expect(signOut.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session.cookie])
            #expect(after.status == .unauthorized)
        }
    }

    @Test("W4: disabling an account ends its sessions at once")
    func disabledAccount() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.addAccount("alice", practice: harness.practiceA)
        try await harness.test { client in
            let session = try await client.signedIn("alice")
            #expect(try await client.execute(
                uri: "/api/v1/session", method: .get, headers: [.cookie: session.cookie]).status == .ok)
            _ = try await harness.accounts.disable(.login("alice"), by: StaffAPIHarness.root)
            let after = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session.cookie])
            #expect(after.status == .unauthorized)
            #expect(after.errorCode == "auth.not_signed_in")
        }
    }
}
