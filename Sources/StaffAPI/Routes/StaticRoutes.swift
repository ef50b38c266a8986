import Foundation
import HTTPTypes
import Hummingbird

/// The web inbox's files, compiled in (``WebAsset``): `GET /` answers `index.html` and
/// `GET /assets/<name>` every file by name. They need no session (the page signs in itself) and
/// are not part of the API, so not in its OpenAPI document.
///
/// Every answer says `Cache-Control: no-cache` with an `ETag`: the browser keeps its copy but asks
/// each time, and a matching `If-None-Match` gets 304 without the body, so a new daemon's page is
/// never mixed with an old script.
struct StaticRoutes {
    /// The folder of every file but the page itself.
    static let assetsPath = "/assets"

    func add(to router: Router<StaffRequestContext>) {
        router.get("/") { request, _ in
            try Self.response(for: "index.html", request: request)
        }
        router.get(RouterPath(Self.assetsPath + "/:name")) { request, context in
            try Self.response(for: context.parameters.get("name") ?? "", request: request)
        }
    }

    /// The file `name` as an answer to `request`, or the no-route refusal when there is none.
    static func response(for name: String, request: Request) throws -> Response {
        guard let asset = WebAsset.named(name) else {
            throw StaffAPIError(.init(.noRoute, "There is nothing at \(request.uri.path)."))
        }
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        headers[.eTag] = asset.etag
        if let tags = request.headers[.ifNoneMatch], Self.matches(tags, asset.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.text)))
    }

    /// Whether an `If-None-Match` value (a list of tags, weak ones with `W/`, or `*`) names `etag`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }
}
