import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TextingCore

/// The outermost middleware: turns every error into the JSON error body with the status its code
/// maps to, and stamps `X-Request-Id` on every answer, success or not.
///
/// A `TextingError` or ``StaffAPIError`` keeps its code and message. Hummingbird's own refusals
/// (no route, a body over the limit) get codes of their own. Anything else is logged and answered
/// 500 `internal.error` without its details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = StaffRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.response(for: error, request: request, context: context)
        }
        response.headers[.xRequestID] = context.requestID
        return response
    }

    static func response(for error: any Error, request: Request, context: Context) -> Response {
        let refusal: StaffAPIError
        switch error {
        case let error as StaffAPIError:
            refusal = error
        case let error as TextingError:
            refusal = StaffAPIError(error)
        case let error as HTTPError where error.status == .notFound:
            refusal = StaffAPIError(.init(.noRoute, "There is nothing at \(request.uri.path)."))
        case let error as HTTPError where error.status == .contentTooLarge:
            refusal = StaffAPIError(.init(.tooLarge, "The request body is too large."))
        case let error as HTTPError where error.status == .methodNotAllowed:
            refusal = StaffAPIError(.init(.noRoute, "\(request.method) is not allowed at \(request.uri.path)."))
        default:
            context.logger.error("staff API request failed", metadata: [
                "event": "api_internal_error", "path": "\(request.uri.path)", "error": "\(error)",
            ])
            refusal = StaffAPIError(.init(.internalError, "Something went wrong on the server. Please try again."))
        }
        return errorResponse(refusal)
    }

    static func errorResponse(_ refusal: StaffAPIError) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if let seconds = refusal.retryAfterSeconds { headers[.retryAfter] = String(max(1, seconds)) }
        let body = (try? JSONEncoder().encode(ErrorBody(refusal.error))) ?? Data()
        return Response(status: refusal.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension TextingError.Code {
    /// The request body is larger than the route accepts.
    public static let tooLarge = TextingError.Code("request.too_large")
}

// The force unwraps below are safe: `HTTPField.Name(_:)` fails only for a name that is not an
// HTTP token, and these literals are letters and hyphens.
extension HTTPField.Name {
    /// The request's id, echoed on every answer so a log line can be found from a report.
    static let xRequestID = HTTPField.Name("X-Request-Id")!
    /// The session's CSRF token on every mutation (W4).
    static let xCSRFToken = HTTPField.Name("X-CSRF-Token")!
}
