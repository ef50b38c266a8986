import HTTPTypes
import Hummingbird
import TextingCore

/// A `TextingError` as the staff API answers it: the HTTP status its code maps to, and for
/// `auth.throttled` how long the client should wait (the `Retry-After` header).
public struct StaffAPIError: Error, Sendable {
    public var error: TextingError
    /// Seconds to wait before trying again; sent as `Retry-After`.
    public var retryAfterSeconds: Int?

    public init(_ error: TextingError, retryAfterSeconds: Int? = nil) {
        self.error = error
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The HTTP status for ``error``'s code (see ``TextingError/Code/httpStatus``).
    public var status: HTTPResponse.Status { error.code.httpStatus }
}

extension TextingError.Code {
    /// No valid session cookie (W4).
    public static let notSignedIn = TextingError.Code("auth.not_signed_in")
    /// A mutation without the session's CSRF token (W4).
    public static let csrf = TextingError.Code("auth.csrf")
    /// Too many failed sign-ins for an account or an address (W4).
    public static let throttled = TextingError.Code("auth.throttled")
    /// Wrong login or password (the same answer for both).
    public static let invalidCredentials = TextingError.Code("auth.invalid_credentials")
    /// The request body is not the JSON the route expects.
    public static let invalidJSON = TextingError.Code("request.invalid_json")
    /// No route at this path, or not with this method.
    public static let noRoute = TextingError.Code("request.no_route")
    /// Something failed inside the daemon; the log has the details.
    public static let internalError = TextingError.Code("internal.error")

    /// The HTTP status a staff API answer with this code carries: 401 for a missing session or
    /// wrong credentials, 403 for CSRF and role refusals, 404 for anything not found (also
    /// another practice's data, W2), 409 for conflicts with the current state, 429 for the
    /// sign-in throttle, 503 when the daemon cannot do it now, 500 for `internal.*`, and 400 for
    /// every other refusal of the input (`store.text_has_nul` too: the text was refused, the
    /// store is fine).
    public var httpStatus: HTTPResponse.Status {
        if let status = Self.statuses[rawValue] { return status }
        let name = rawValue.split(separator: ".").last.map(String.init) ?? rawValue
        if name.hasPrefix("not_found") || name.hasSuffix("not_found") { return .notFound }
        if rawValue.hasPrefix("internal.") { return .internalServerError }
        return .badRequest
    }

    private static let statuses: [String: HTTPResponse.Status] = [
        "auth.not_signed_in": .unauthorized,
        "auth.invalid_credentials": .unauthorized,
        "auth.csrf": .forbidden,
        "auth.account_disabled": .forbidden,
        "auth.forbidden": .forbidden,
        "auth.throttled": .tooManyRequests,
        "request.no_route": .notFound,
        "request.too_large": .contentTooLarge,
        "attachment.too_large": .contentTooLarge,
        "account.login_taken": .conflict,
        "conversation.already_active": .conflict,
        "conversation.not_active": .conflict,
        "practice.number_taken": .conflict,
        "number.already_assigned": .conflict,
        "attachment.busy": .conflict,
        "control.unavailable": .serviceUnavailable,
    ]
}
