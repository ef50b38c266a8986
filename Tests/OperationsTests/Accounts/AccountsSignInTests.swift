import Foundation
import Operations
import Testing
import TextingCore

@Suite("Accounts: sign-in, sessions and the throttle (W1, W4)")
struct AccountsSignInTests {
    @Test("W1: the right password signs in; the session names the account and its CSRF token")
    func signInSucceeds() async throws {
        let harness = try await AccountsHarness()
        let identity = try await harness.add("alice", role: .admin)
        let signIn = try await harness.accounts.signIn(login: "Alice", password: AccountsHarness.password, from: "10.0.0.1")
        #expect(signIn.identity == identity)
        #expect(signIn.token.count == 43)
        #expect(signIn.csrfToken.count == 43 && signIn.csrfToken != signIn.token)
        #expect(signIn.expiresAt == harness.clock.now.addingTimeInterval(7 * 24 * 3600))
        let session = try #require(await harness.accounts.session(token: signIn.token))
        #expect(session.identity == identity)
        #expect(session.csrfToken == signIn.csrfToken)
        #expect(session.caller == .account(identity))
        #expect(await harness.accounts.session(token: "not-a-token") == nil)
    }

    @Test("W4: a wrong password and an unknown login get the same error")
    func wrongCredentials() async throws {
        let harness = try await AccountsHarness()
        try await harness.add("alice")
        let wrongPassword = await errorCode {
            _ = try await harness.accounts.signIn(login: "alice", password: "wrong password!", from: "10.0.0.1")
        }
        let unknownLogin = await errorCode {
            _ = try await harness.accounts.signIn(login: "nobody", password: AccountsHarness.password, from: "10.0.0.1")
        }
        #expect(wrongPassword == "auth.invalid_credentials")
        #expect(unknownLogin == "auth.invalid_credentials")
        let tooLong = await errorCode {
            _ = try await harness.accounts.signIn(
                login: "alice", password: AccountsHarness.password + String(repeating: "x", count: 80), from: "10.0.0.1")
        }
        #expect(tooLong == "auth.invalid_credentials")
    }

    @Test("W4: a disabled account cannot sign in, and its open sessions end at once; enabled, it signs in anew")
    func disabledAccount() async throws {
        let harness = try await AccountsHarness()
        let alice = try await harness.add("alice")
        let signIn = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        _ = try await harness.accounts.disable(.id(alice.id), by: AccountsHarness.root)
        #expect(await harness.accounts.session(token: signIn.token) == nil)
        let code = await errorCode {
            _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        }
        #expect(code == "auth.account_disabled")
        _ = try await harness.accounts.enable(.login("alice"), by: AccountsHarness.root)
        #expect(await harness.accounts.session(token: signIn.token) == nil)
        _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
    }

    @Test("W4: sign-out and a password reset end sessions at once")
    func sessionsEnd() async throws {
        let harness = try await AccountsHarness()
        try await harness.add("alice")
        let first = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        let second = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        try await harness.accounts.signOut(token: first.token)
        #expect(await harness.accounts.session(token: first.token) == nil)
        #expect(await harness.accounts.session(token: second.token) != nil)
        try await harness.accounts.signOut(token: first.token)  // twice is fine

        _ = try await harness.accounts.resetPassword(.login("alice"), newPassword: "a new long password", by: AccountsHarness.root)
        #expect(await harness.accounts.session(token: second.token) == nil)
        let old = await errorCode {
            _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        }
        #expect(old == "auth.invalid_credentials")
        _ = try await harness.accounts.signIn(login: "alice", password: "a new long password", from: "10.0.0.1")
    }

    @Test("W4: a session ends after 12 idle hours, and after 7 days however much it is used")
    func sessionExpiry() async throws {
        let harness = try await AccountsHarness()
        try await harness.add("alice")
        let idle = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        let busy = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.1")
        harness.clock.advance(11 * 3600)
        #expect(await harness.accounts.session(token: busy.token) != nil)
        harness.clock.advance(3600 + 1)
        #expect(await harness.accounts.session(token: idle.token) == nil)
        // Used every 11 hours, the other session lives until its seventh day ends.
        for _ in 0..<14 {
            #expect(await harness.accounts.session(token: busy.token) != nil)
            harness.clock.advance(11 * 3600)
        }
        harness.clock.advance(busy.expiresAt.timeIntervalSince(harness.clock.now))
        #expect(await harness.accounts.session(token: busy.token) == nil)
    }

    @Test("W4: after 5 failures for a login within 15 minutes, even the right password is refused until the window passes")
    func throttlePerLogin() async throws {
        let harness = try await AccountsHarness()
        try await harness.add("alice")
        for attempt in 0..<5 {
            let code = await errorCode {
                _ = try await harness.accounts.signIn(login: "alice", password: "wrong password \(attempt)", from: "10.0.0.\(attempt)")
            }
            #expect(code == "auth.invalid_credentials")
            harness.clock.advance(60)
        }
        let throttled = await errorCode {
            _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.9")
        }
        #expect(throttled == "auth.throttled")
        // The first failure was 5 minutes ago: it leaves the window in 10 minutes.
        #expect(await harness.accounts.signInRetryAfter(login: "alice", from: "10.0.0.9") == 600)
        // Another login from the same addresses is not held up.
        try await harness.add("bob")
        _ = try await harness.accounts.signIn(login: "bob", password: AccountsHarness.password, from: "10.0.0.1")
        harness.clock.advance(600)
        #expect(await harness.accounts.signInRetryAfter(login: "alice", from: "10.0.0.9") == nil)
        _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "10.0.0.9")
    }

    @Test("W4: after 20 failures from one address within 15 minutes, that address is refused for every login")
    func throttlePerAddress() async throws {
        let harness = try await AccountsHarness()
        try await harness.add("alice")
        for attempt in 0..<20 {
            let code = await errorCode {
                _ = try await harness.accounts.signIn(login: "guess\(attempt)", password: "wrong password", from: "192.0.2.7")
            }
            #expect(code == "auth.invalid_credentials")
        }
        let throttled = await errorCode {
            _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "192.0.2.7")
        }
        #expect(throttled == "auth.throttled")
        #expect(await harness.accounts.signInRetryAfter(login: "alice", from: "192.0.2.7") == 900)
        _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "192.0.2.8")
        harness.clock.advance(900)
        _ = try await harness.accounts.signIn(login: "alice", password: AccountsHarness.password, from: "192.0.2.7")
    }
}
