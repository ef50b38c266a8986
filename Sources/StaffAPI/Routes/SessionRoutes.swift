import Control
import Foundation
import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// `POST/GET/DELETE /api/v1/session`: signing in, who am I (with the account's practice, whose
/// time zone the inbox shows every time in), signing out (W4).
struct SessionRoutes {
    let accounts: Accounts
    /// Reads the account's practice for the session body.
    let operations: Operations
    /// Whether the session cookie gets `Secure` (the API's public address is https).
    let secureCookies: Bool

    struct SignInBody: Decodable {
        var login: String
        var password: String
    }

    /// The signed-in account, its practice and the token the page sends back with every change.
    struct SessionBody: Encodable {
        struct Account: Encodable {
            var id: Int64
            var practice: Int64
            var displayName: String
            var role: String
        }

        /// The account's practice: the inbox shows times in its zone.
        struct Practice: Encodable {
            var id: Int64
            var name: String
            /// IANA zone, e.g. `America/Chicago`.
            var timeZone: String
        }

        var account: Account
        var practice: Practice
        var csrfToken: String
        var expiresAt: Date

        init(identity: AccountIdentity, practice: PracticeInfo, csrfToken: String, expiresAt: Date) {
            account = Account(
                id: identity.id, practice: identity.practice.rawValue, displayName: identity.displayName,
                role: identity.role.rawValue)
            self.practice = Practice(id: practice.id, name: practice.name, timeZone: practice.timeZone)
            self.csrfToken = csrfToken
            self.expiresAt = expiresAt
        }
    }

    /// Sign-in needs no session and no CSRF token.
    func addPublic(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.post, "session", in: group) { request, context in
            let body = try await JSONResponse.decode(SignInBody.self, from: request, limit: 4_096)
            let address = ClientAddress.of(request, peer: context.peerAddress)
            let signIn: SignIn
            do {
                signIn = try await accounts.signIn(login: body.login, password: body.password, from: address)
            } catch let error as TextingError where error.code == .throttled {
                let wait = await accounts.signInRetryAfter(login: body.login, from: address)
                throw StaffAPIError(error, retryAfterSeconds: wait ?? 1)
            }
            let practice = try await operations.showPractice(.account(signIn.identity), PracticeShowCommand(practice: nil))
            var response = try JSONResponse.make(
                SessionBody(identity: signIn.identity, practice: practice, csrfToken: signIn.csrfToken,
                            expiresAt: signIn.expiresAt),
                status: .created)
            response.setCookie(SessionCookie.make(token: signIn.token, expires: signIn.expiresAt, secure: secureCookies))
            return response
        }
    }

    /// Who am I, and signing out; behind the session and CSRF middleware.
    func addProtected(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "session", in: group) { _, context in
            let session = try context.requireSession()
            let practice = try await operations.showPractice(session.caller, PracticeShowCommand(practice: nil))
            return try JSONResponse.make(SessionBody(
                identity: session.identity, practice: practice, csrfToken: session.csrfToken, expiresAt: session.expiresAt))
        }
        routes.on(.delete, "session", in: group) { request, context in
            if let token = request.cookies[SessionCookie.name]?.value { try await accounts.signOut(token: token) }
            var response = Response(status: .noContent)
            response.setCookie(SessionCookie.cleared(secure: secureCookies))
            return response
        }
    }
}
