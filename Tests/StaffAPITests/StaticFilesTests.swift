import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import StaffAPI
import Testing

/// The web inbox's files (issue 12): served from the binary at `/` and `/assets/<name>` with
/// their content types and validators, and the browser's security headers on every answer of
/// the listener, the API's and the refusals included (W4).
@Suite struct StaticFilesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the embedded web files are Web/inbox byte for byte; run scripts/embed-web.sh after editing them")
    func embeddedCopyIsCurrent() throws {
        let folder = Self.repository.appendingPathComponent("Web/inbox")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(WebAsset.embedded.map(\.name).sorted() == names,
                "the files compiled in are not those of Web/inbox; run scripts/embed-web.sh")
        for name in names {
            let disk = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(WebAsset.named(name).map { Data($0.text.utf8) } == disk,
                    "\(name) differs from the compiled-in copy; run scripts/embed-web.sh")
        }
    }

    @Test("the page, its script, style and icon answer with their content types, no-cache and an ETag", arguments: [
        ("/", "text/html; charset=utf-8"), ("/assets/index.html", "text/html; charset=utf-8"),
        ("/assets/inbox.js", "text/javascript; charset=utf-8"), ("/assets/inbox.css", "text/css; charset=utf-8"),
        ("/assets/icon.svg", "image/svg+xml"),
    ])
    func servesFiles(path: String, contentType: String) async throws {
        let harness = try await StaffAPIHarness()
        try await harness.test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == contentType)
            #expect(response.headers[.cacheControl] == "no-cache")
            let name = path == "/" ? "index.html" : String(path.dropFirst("/assets/".count))
            let asset = try #require(WebAsset.named(name))
            #expect(response.headers[.eTag] == asset.etag)
            #expect(String(buffer: response.body) == asset.text)
        }
    }

    @Test("every /assets/ file the page names is compiled in")
    func pageNamesOnlyEmbeddedFiles() throws {
        let page = try #require(WebAsset.named("index.html")).text
        let named = page.components(separatedBy: "/assets/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(Set(named) == ["icon.svg", "inbox.css", "inbox.js"])
        for name in named { #expect(WebAsset.named(name) != nil, "index.html names /assets/\(name), which is not in Web/inbox") }
    }

    @Test("a matching If-None-Match answers 304 without a body; another tag gets the file")
    func notModified() async throws {
        let harness = try await StaffAPIHarness()
        let etag = try #require(WebAsset.named("inbox.js")).etag
        try await harness.test { client in
            let same = try await client.execute(uri: "/assets/inbox.js", method: .get, headers: [.ifNoneMatch: "\"x\", W/\(etag)"])
            #expect(same.status == .notModified)
            #expect(same.body.readableBytes == 0)
            #expect(same.headers[.eTag] == etag)
            let other = try await client.execute(uri: "/assets/inbox.js", method: .get, headers: [.ifNoneMatch: "\"0000\""])
            #expect(other.status == .ok)
        }
    }

    @Test("an unknown asset, or a path out of the folder, is a JSON 404 with the security headers", arguments: [
        "/assets/nothing.js", "/assets/../Package.swift", "/assets/%2e%2e%2fPackage.swift", "/assets/", "/index.html",
    ])
    func unknownAsset(path: String) async throws {
        let harness = try await StaffAPIHarness()
        try await harness.test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "request.no_route")
            #expect(response.headers[.contentSecurityPolicy] == SecurityHeaders.contentSecurityPolicy)
        }
    }

    @Test("W4: every answer carries the strict CSP, nosniff and no-referrer: files, API, refusals", arguments: [
        ("/", HTTPRequest.Method.get, HTTPResponse.Status.ok), ("/assets/inbox.js", .get, .ok),
        ("/api/v1/openapi.json", .get, .ok), ("/api/v1/session", .get, .unauthorized),
        ("/api/v1/conversations", .get, .unauthorized), ("/api/v1/session", .post, .badRequest),
        ("/nowhere", .get, .notFound), ("/", .post, .notFound),
    ])
    func securityHeaders(path: String, method: HTTPRequest.Method, status: HTTPResponse.Status) async throws {
        let harness = try await StaffAPIHarness()
        try await harness.test { client in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == status || (method == .post && path == "/" && response.status == .methodNotAllowed))
            #expect(response.headers[.contentSecurityPolicy] == """
                default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'
                """)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.referrerPolicy] == "no-referrer")
        }
    }

    @Test("a route's own policy is kept and the strict one added: a stored file stays sandboxed")
    func ownPolicyKept() {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = "sandbox"
        SecurityHeaders.stamp(&headers)
        #expect(headers[.contentSecurityPolicy] == "sandbox; " + SecurityHeaders.contentSecurityPolicy)
        SecurityHeaders.stamp(&headers)
        #expect(headers[.contentSecurityPolicy] == "sandbox; " + SecurityHeaders.contentSecurityPolicy,
                "stamping twice adds nothing")
        #expect(headers[.xContentTypeOptions] == "nosniff")
    }

    @Test("the page loads nothing from outside and has no inline script, style or event handler")
    func pageIsSelfContained() throws {
        for asset in WebAsset.embedded {
            // The SVG's namespace is a name, not a download.
            let text = asset.text.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            let outside = text.contains("http://") || text.contains("https://") || text.contains("//cdn")
            #expect(!outside, "\(asset.name) names an outside address")
        }
        let page = try #require(WebAsset.named("index.html")).text
        #expect(!page.contains("<script>"), "an inline script would be refused by the CSP")
        #expect(!page.contains("<style"), "an inline style would be refused by the CSP")
        #expect(!page.contains(" style="), "an inline style would be refused by the CSP")
        #expect(page.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "inline handlers would be refused by the CSP")
        let script = try #require(WebAsset.named("inbox.js")).text
        let evaluates = script.contains("eval(") || script.contains("new Function")
        let buildsMarkup = script.contains("innerHTML") || script.contains("outerHTML") || script.contains("insertAdjacentHTML")
        #expect(!evaluates, "the CSP refuses eval")
        #expect(!buildsMarkup, "server text goes in through textContent only")
    }
}
