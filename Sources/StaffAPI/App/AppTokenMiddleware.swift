import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// Admits a request to the app's routes only with a valid app token (P1) in
/// `Authorization: Bearer <token>`, and answers the app's refusals with their own statuses: 401
/// with `WWW-Authenticate: Bearer` for a missing or refused token (or a client the practice does
/// not know; logged as `event=app_token_refused` with the reason), 409 when the client cannot
/// chat now. Every other error goes on to the API's ``ErrorMiddleware``.
struct AppTokenMiddleware: RouterMiddleware {
    typealias Context = StaffRequestContext
    let verifier: AppTokenVerifier

    /// The app's refusals that are not the staff API's usual status for their code.
    static let statuses: [TextingError.Code: HTTPResponse.Status] = [
        .appToken: .unauthorized,
        .appNoPhone: .conflict,
        .init("app.chat_off"): .conflict,
        .init("app.chat_disabled"): .conflict,
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            var context = context
            context.appToken = try await verifier.verify(try Self.bearerToken(request))
            return try await next(request, context)
        } catch let error as TextingError {
            guard let status = Self.statuses[error.code] else { throw error }
            if error.code == .appToken {
                // Never the token itself: it is a credential until it expires.
                context.logger.info("app token refused", metadata: [
                    "event": "app_token_refused", "reason": "\(error.message)", "path": "\(request.uri.path)",
                ])
            }
            var response = ErrorMiddleware.errorResponse(StaffAPIError(error))
            response.status = status
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
    }

    /// The token of `Authorization: Bearer <token>`.
    static func bearerToken(_ request: Request) throws -> String {
        guard let value = request.headers[.authorization], value.count > 7,
              value.prefix(7).lowercased() == "bearer "
        else {
            throw TextingError(.appToken, "Send the app token as Authorization: Bearer <token>.")
        }
        return value.dropFirst(7).trimmingCharacters(in: .whitespaces)
    }
}

extension StaffRequestContext {
    /// The client of the app route's verified token; routes behind ``AppTokenMiddleware``
    /// always have one.
    func requireAppClient() throws -> AppClient {
        guard let token = appToken else { throw TextingError(.appToken, "Send the app token as Authorization: Bearer <token>.") }
        return token.client
    }
}
