import HTTPTypes
import Hummingbird

/// `GET /metrics`: the daemon's metrics for Prometheus, without a session (a scraper has
/// none). Not under `/api/v1` and not in the API's description: it is the operator's, and a
/// TLS proxy in front for staff should not pass it on (`Docs/operations.md`).
public struct MetricsEndpoint: Sendable {
    /// The text exposition format's content type.
    public var contentType: String
    /// Brings gauges up to date and renders every metric.
    public var render: @Sendable () async -> [UInt8]

    public init(contentType: String, render: @escaping @Sendable () async -> [UInt8]) {
        self.contentType = contentType
        self.render = render
    }

    /// Adds `GET /metrics` to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = contentType
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: await render())))
        }
    }
}
