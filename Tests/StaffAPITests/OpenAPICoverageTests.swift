import Foundation
import Hummingbird
import HummingbirdTesting
@testable import StaffAPI
import Testing

/// The OpenAPI document served at /api/v1/openapi.json describes exactly the routes the server
/// has (issue 12, point 3).
@Suite struct OpenAPICoverageTests {
    /// (method, path) of every operation in the document.
    static func documentedRoutes() throws -> Set<String> {
        let json = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any]
        let paths = try #require(json?["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var routes: Set<String> = []
        for (path, item) in paths {
            for key in item.keys where methods.contains(key) { routes.insert("\(key.uppercased()) \(path)") }
        }
        return routes
    }

    @Test("every route of the server is in the OpenAPI document and every documented operation is a route")
    func documentMatchesRoutes() async throws {
        let harness = try await StaffAPIHarness()
        // The staff API's routes and the app's (/app/v1), both in the one document.
        let built = harness.api.build()
        let all = built.routes + built.appRoutes
        let served = Set(all.map(\.description))
        let documented = try Self.documentedRoutes()
        #expect(served.subtracting(documented).isEmpty, "routes missing from the document")
        #expect(documented.subtracting(served).isEmpty, "documented operations the server does not have")
        #expect(served.count == all.count, "a route registered twice")
    }

    @Test("every documented operation reaches a route of the router, not the no-route answer")
    func documentedRoutesAreRouted() async throws {
        let harness = try await StaffAPIHarness()
        let documented = try Self.documentedRoutes()
        try await harness.test { client in
            for route in documented {
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = parts[1].replacingOccurrences(of: #"\{[^}]+\}"#, with: "1", options: .regularExpression)
                let response = try await client.execute(uri: path, method: method)
                #expect(response.errorCode != "request.no_route", "\(route)")
            }
            // And the no-route answer is what an unknown path gets.
            let unknown = try await client.execute(uri: "/api/v1/no-such-thing", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "request.no_route")
            // A known path with a method it does not have is refused the same way, as JSON.
            let method = try await client.execute(uri: "/api/v1/openapi.json", method: .patch)
            #expect(method.status == .notFound || method.status == .methodNotAllowed)
            #expect(method.errorCode == "request.no_route")
        }
    }

    @Test("the document is served as OpenAPI 3.1 without a session")
    func documentIsServed() async throws {
        let harness = try await StaffAPIHarness()
        try await harness.test { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect(json?["openapi"] as? String == "3.1.0")
        }
    }
}
