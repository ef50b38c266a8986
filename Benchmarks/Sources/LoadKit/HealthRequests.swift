import NIOHTTP1

/// The baseline: `GET /health`, the daemon's cheapest route that still goes through its router
/// actor, on the same connections and event loops as the webhook load.
public struct HealthRequests: RequestFactory {
    private let head: HTTPRequestHead

    public init(host: String, port: Int) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "User-Agent", value: "twowayd-load")
        head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/health", headers: headers)
    }

    public var label: String { "GET /health" }

    public func request(index: Int, shard: Int) -> LoadRequest {
        LoadRequest(head: head, body: nil)
    }
}
