import HTTPTypes
import Hummingbird

/// Registers the staff API's routes on a Hummingbird router group and remembers each (method,
/// path) it registered, so the OpenAPI test can compare the routes the server has with the
/// document. Every route is added through it; the router itself is not handed out.
///
/// Paths use OpenAPI's `{name}` form for parameters and are turned into Hummingbird's `:name`.
final class APIRoutes {
    /// A registered route: `GET /api/v1/session`.
    struct Route: Hashable, Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
    }

    typealias Handler = @Sendable (Request, StaffRequestContext) async throws -> Response

    private(set) var routes: [Route] = []
    private let prefix: String

    init(prefix: String) {
        self.prefix = prefix
    }

    /// Adds `handler` for `method` at `path` (relative to the prefix) on `group`.
    func on(
        _ method: HTTPRequest.Method, _ path: String, in group: RouterGroup<StaffRequestContext>,
        handler: @escaping Handler
    ) {
        let full = path.isEmpty ? prefix : prefix + "/" + path
        routes.append(Route(method: method.rawValue, path: full))
        let hummingbirdPath = path.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
        group.on(RouterPath(hummingbirdPath), method: method, use: handler)
    }
}
