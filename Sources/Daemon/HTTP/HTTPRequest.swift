/// One complete HTTP request as the routes see it: no sockets, so routes are tested with plain
/// values.
public struct HTTPRequest: Sendable, Hashable {
    /// The method in upper case, e.g. `POST`.
    public var method: String
    /// The path as sent, without the query, e.g. `/twilio/sms` (not percent-decoded).
    public var path: String
    /// The query as sent, without the `?`; nil when the target had none.
    public var query: String?
    /// The header fields.
    public var headers: HTTPFields
    /// The whole body.
    public var body: [UInt8]

    public init(method: String, path: String, query: String? = nil, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request for the request target `uri` (`/path?query`), split at the first `?`.
    public init(method: String, uri: String, headers: HTTPFields = [:], body: [UInt8] = []) {
        if let mark = uri.firstIndex(of: "?") {
            self.init(method: method, path: String(uri[..<mark]), query: String(uri[uri.index(after: mark)...]),
                      headers: headers, body: body)
        } else {
            self.init(method: method, path: uri, headers: headers, body: body)
        }
    }

    /// The path and, when present, `?` and the query: the target as the client sent it.
    public var target: String {
        query.map { "\(path)?\($0)" } ?? path
    }
}
