/// A request a route refuses: the HTTP status, a stable code and the reason in words, which
/// becomes the `text/plain` body (`<message> [<code>]`).
public struct WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status to answer with (400, 403, 415, 503, …).
    public var status: Int
    /// A stable identifier such as `webhook.missing_field` or `phone.country_not_supported`.
    public var code: String
    /// One sentence saying what was wrong.
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }

    /// The response that carries this error.
    public var response: HTTPResponse {
        .text(status, "\(description)\n")
    }
}
