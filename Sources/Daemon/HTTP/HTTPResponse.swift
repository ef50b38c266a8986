/// One complete HTTP response from a route. The server adds `Content-Length` and, when the
/// connection is closing, `Connection: close`.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields.
    public var headers: HTTPFields
    /// The whole body.
    public var body: [UInt8]

    public init(status: Int, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (for tests and logs).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// A `text/plain` response.
    public static func text(_ status: Int, _ text: String, headers: HTTPFields = [:]) -> HTTPResponse {
        var fields = headers
        fields.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: fields, body: Array(text.utf8))
    }

    /// The empty TwiML document: "received, no inline reply".
    public static let emptyTwiML = #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#

    /// 200 with ``emptyTwiML`` as `text/xml`.
    public static func twimlAcknowledgement() -> HTTPResponse {
        twiml(emptyTwiML)
    }

    /// 200 with a TwiML document as `text/xml`.
    public static func twiml(_ document: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "text/xml"], body: Array(document.utf8))
    }
}
