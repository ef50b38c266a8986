import HTTPTypes
import Hummingbird
import Logging
import Operations
import TextingCore

/// Requires a live session on every route it guards (W4): reads the session cookie, asks
/// ``Accounts`` for the session (nil once signed out, expired or the account disabled, so
/// both end access at once) and puts it on the context. Without one the answer is 401
/// `auth.not_signed_in`.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = StaffRequestContext
    let accounts: Accounts

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = request.cookies[SessionCookie.name]?.value, !token.isEmpty,
              let session = await accounts.session(token: token)
        else {
            throw StaffAPIError(.init(.notSignedIn, "Please sign in."))
        }
        var context = context
        context.session = session
        context.logger[metadataKey: "account_id"] = "\(session.identity.id)"
        return try await next(request, context)
    }
}

/// Requires the session's CSRF token in `X-CSRF-Token` on every mutation (POST, PUT, PATCH,
/// DELETE) it guards (W4); 403 `auth.csrf` otherwise. Runs after ``SessionMiddleware``. A
/// cookie is sent by the browser on its own, a header only by the page's own script, so a
/// foreign page cannot act with the staff member's session.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = StaffRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if Self.isMutation(request.method) {
            let session = try context.requireSession()
            guard let sent = request.headers[.xCSRFToken], ConstantTime.equal(sent, session.csrfToken) else {
                throw StaffAPIError(.init(.csrf, "This change was refused because the page's security token is missing or out of date. Reload the page and try again."))
            }
        }
        return try await next(request, context)
    }

    static func isMutation(_ method: HTTPRequest.Method) -> Bool {
        [.post, .put, .patch, .delete].contains(method)
    }
}
