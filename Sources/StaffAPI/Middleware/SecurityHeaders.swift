import HTTPTypes
import Hummingbird

/// Stamps the browser's security headers on every answer of the staff API listener, the web
/// inbox's files and the API's JSON alike, refusals included:
///
/// - `Content-Security-Policy`: scripts, styles, fonts, connections and forms only from this
///   origin, no inline script or style, no plug-ins, no framing by other sites, no `<base>`.
///   The page loads nothing from outside (the practice may be offline from the internet) and a
///   client's text can never run as script even if it reached the page as markup.
/// - `X-Content-Type-Options: nosniff`: a file is only ever what its `Content-Type` says.
/// - `Referrer-Policy: no-referrer`: links out of a conversation leak no inbox address.
///
/// Added first, so it wraps ``ErrorMiddleware`` and sees its refusals too.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = StaffRequestContext

    /// The policy of every answer.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
        "media-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        Self.stamp(&response.headers)
        return response
    }

    /// Sets the three headers on `headers`. A route's own policy (a stored file's `sandbox`) is
    /// kept and this one added to it: the answer is then held to both.
    static func stamp(_ headers: inout HTTPFields) {
        switch headers[.contentSecurityPolicy] {
        case nil:
            headers[.contentSecurityPolicy] = contentSecurityPolicy
        case let own? where own.hasSuffix(contentSecurityPolicy):
            break
        case let own?:
            headers[.contentSecurityPolicy] = own + "; " + contentSecurityPolicy
        }
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
    }
}

// Safe force unwrap: `HTTPField.Name(_:)` fails only for a name that is not an HTTP token, and
// this literal is letters and a hyphen.
extension HTTPField.Name {
    /// How much of the page's address a link or request may send along.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
