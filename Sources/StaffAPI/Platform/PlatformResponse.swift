import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// The platform API's refusals: the staff API's error body, with the statuses an integration
/// expects: 401 for the token, 422 for a request that is well-formed JSON but breaks a rule
/// (naming the field) or reuses an idempotency key, 409 while the key's first request runs;
/// every other code as the staff API maps it.
enum PlatformResponse {
    static func status(_ code: TextingError.Code) -> HTTPResponse.Status {
        switch code.rawValue {
        case TextingError.Code.platformToken.rawValue: .unauthorized
        case TextingError.Code.invalidDirectoryClient.rawValue, TextingError.Code.invalidReminder.rawValue,
             TextingError.Code.idempotencyConflict.rawValue, "reminder.opted_out", "texting.no_number":
            .unprocessableContent
        case TextingError.Code.idempotencyInProgress.rawValue: .conflict
        default: code.httpStatus
        }
    }

    /// `error` as a JSON refusal with ``status(_:)``.
    static func refusal(_ error: TextingError) throws -> Response {
        try JSONResponse.make(ErrorBody(error), status: status(error.code))
    }

    /// Runs `route`, answering its `TextingError` with ``refusal(_:)``.
    static func answer(_ route: () async throws -> Response) async throws -> Response {
        do {
            return try await route()
        } catch let error as TextingError {
            return try refusal(error)
        } catch let error as StaffAPIError {
            return try refusal(error.error)
        }
    }
}
