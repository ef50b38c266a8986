import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// Requires the practice platform's bearer token (`Authorization: Bearer <token>`) on every
/// platform API route and puts the ``PlatformCaller`` it names on the context. Missing or wrong:
/// 401 `auth.platform_token` with `WWW-Authenticate: Bearer`; too many failures from one
/// address: 429 `auth.throttled` with `Retry-After`. The session cookie and the CSRF token play
/// no part here (a bearer token is never sent by a browser on its own).
struct PlatformTokenMiddleware: RouterMiddleware {
    typealias Context = PlatformRequestContext
    let tokens: PlatformTokens

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let address = context.peerAddress ?? "local"
        let caller: PlatformCaller
        do {
            caller = try await tokens.caller(token: Self.bearer(request.headers[.authorization]), address: address)
        } catch let error as TextingError {
            var response = try PlatformResponse.refusal(error)
            if error.code == .platformToken { response.headers[.wwwAuthenticate] = "Bearer" }
            if error.code == .throttled, let wait = await tokens.retryAfter(address: address) {
                response.headers[.retryAfter] = "\(wait)"
            }
            return response
        }
        var context = context
        context.platform = caller
        context.logger[metadataKey: "practice_id"] = "\(caller.practice)"
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header, nil for anything else.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
