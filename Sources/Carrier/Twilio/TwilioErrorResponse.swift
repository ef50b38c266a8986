import Foundation

/// The JSON body of a REST error (`code`, `message`, `more_info`, `status`) and how an error
/// answer becomes a ``CarrierError``.
///
/// Classification by HTTP status: 429 (or code 20429 at any status), 408 and 5xx are
/// retryable, because waiting can fix them; every other 4xx is permanent and recorded on the
/// message with its code (C3). The carrier's `code` is kept whenever the body has one.
struct TwilioErrorResponse: Decodable {
    var code: Int?
    var message: String?
    var moreInfo: String?

    enum CodingKeys: String, CodingKey {
        case code, message
        case moreInfo = "more_info"
    }

    /// Twilio's "too many requests" code.
    static let tooManyRequests = 20429

    /// The error for a non-2xx answer with `status` and `body` (any content; JSON is read when
    /// it parses, otherwise only the status is used).
    static func carrierError(httpStatus status: Int, body: Data?) -> CarrierError {
        let parsed = body.flatMap { try? JSONDecoder().decode(TwilioErrorResponse.self, from: $0) }
        let code = parsed?.code
        let detail = parsed?.message.flatMap { $0.isEmpty ? nil : $0 }
        if status == 429 || code == tooManyRequests {
            return CarrierError(
                code: code ?? tooManyRequests,
                message: detail ?? "The carrier asked us to slow down (HTTP \(status)).", retryable: true)
        }
        if status >= 500 {
            let base = "The carrier had a server error (HTTP \(status))"
            return CarrierError(code: code, message: detail.map { "\(base): \($0)" } ?? "\(base).", retryable: true)
        }
        if status == 408 {
            return CarrierError(
                code: code, message: detail ?? "The carrier timed out reading the request (HTTP 408).", retryable: true)
        }
        return CarrierError(
            code: code, message: detail ?? "The carrier refused the request (HTTP \(status)).", retryable: false)
    }
}
