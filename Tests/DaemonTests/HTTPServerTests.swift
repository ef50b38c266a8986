import Foundation
import Logging
import Testing
@testable import Daemon

@Suite struct HTTPServerTests {
    /// Starts the server on an ephemeral loopback port with `routes`, runs `body`, then shuts
    /// the server down gracefully and waits for it.
    static func withServer(
        maxBodyBytes: Int = 65_536, configuration: HTTPServer.Configuration? = nil, handler: @escaping HTTPServer.Handler,
        _ body: @Sendable (HTTPServer, Int) async throws -> Void
    ) async throws {
        let server = try await HTTPServer.bind(
            .address(host: "127.0.0.1", port: 0),
            configuration: configuration ?? .init(maxBodyBytes: maxBodyBytes, shutdownGracePeriod: .seconds(2)),
            logger: quietLogger, handler: handler)
        let port = try #require(server.localPort)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            do {
                try await body(server, port)
            } catch {
                server.beginShutdown()
                throw error
            }
            server.beginShutdown()
            try await group.waitForAll()
        }
    }

    @Test func webhookOverARealSocketIsAnswered200() async throws {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        try await Self.withServer(handler: harness.routes.handle) { _, port in
            let client = try RawHTTPClient(port: port)
            defer { client.close() }
            let body = WebhookHarness.encode(WebhookHarness.inboundForm(sid: "SMsocket"))
            try await client.send(RawHTTPClient.request(
                "POST", "/twilio/sms", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body))
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/xml")
            #expect(response.body == #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#)

            // Keep-alive: a second request on the same connection.
            try await client.send(RawHTTPClient.request("GET", "/health"))
            let health = try await client.readResponse()
            #expect(health.status == 200)
            #expect(health.body == "ok\n")
        }
        #expect(try await harness.inboundMessages().map(\.carrierSID) == ["SMsocket"])
    }

    @Test func oversizedBodyIsAnswered413AndTheConnectionClosed() async throws {
        try await Self.withServer(maxBodyBytes: 1_024, handler: { _ in .text(200, "should not be called") }) { _, port in
            // Announced by Content-Length.
            let client = try RawHTTPClient(port: port)
            defer { client.close() }
            try await client.send(RawHTTPClient.request("POST", "/twilio/sms", body: [UInt8](repeating: 0x61, count: 5_000)))
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["connection"] == "close")
            #expect(await client.isClosedByPeer())

            // Chunked, so only the bytes tell.
            let chunked = try RawHTTPClient(port: port)
            defer { chunked.close() }
            let chunk = String(repeating: "b", count: 800)
            let text = "POST /twilio/sms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "320\r\n\(chunk)\r\n320\r\n\(chunk)\r\n0\r\n\r\n"
            try await chunked.send(Array(text.utf8))
            #expect(try await chunked.readResponse().status == 413)
        }
    }

    @Test func bodyAtTheLimitIsAccepted() async throws {
        try await Self.withServer(maxBodyBytes: 1_024, handler: { request in .text(200, "\(request.body.count)") }) { _, port in
            let client = try RawHTTPClient(port: port)
            defer { client.close() }
            try await client.send(RawHTTPClient.request("POST", "/echo", body: [UInt8](repeating: 0x61, count: 1_024)))
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == "1024")
        }
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() async throws {
        try await Self.withServer(maxBodyBytes: 1_024, handler: { request in .text(200, "\(request.body.count)") }) { _, port in
            let client = try RawHTTPClient(port: port)
            defer { client.close() }
            try await client.send(Array("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n".utf8))
            #expect(try await client.readResponse().status == 100)
            try await client.send(Array("hello".utf8))
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == "5")

            // Too large: refused at once, without waiting for a body that will not come.
            let refused = try RawHTTPClient(port: port)
            defer { refused.close() }
            try await refused.send(Array("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n".utf8))
            #expect(try await refused.readResponse().status == 413)
            #expect(await refused.isClosedByPeer())
        }
    }

    @Test func gracefulShutdownFinishesTheRequestInProgress() async throws {
        let started = AsyncStream<Void>.makeStream()
        let shutdownBegun = AsyncStream<Void>.makeStream()
        try await Self.withServer(handler: { _ in
            started.continuation.yield()
            // The answer is written after the shutdown began, however late this test runs.
            var begun = shutdownBegun.stream.makeAsyncIterator()
            await begun.next()
            try? await Task.sleep(for: .milliseconds(300))
            return .text(200, "done")
        }) { server, port in
            let client = try RawHTTPClient(port: port)
            defer { client.close() }
            try await client.send(RawHTTPClient.request("GET", "/slow"))
            var iterator = started.stream.makeAsyncIterator()
            await iterator.next()
            server.beginShutdown()
            shutdownBegun.continuation.yield()
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == "done")
            #expect(response.headers["connection"] == "close")
            // The listener is closed: new connections are refused.
            #expect(throws: (any Error).self) { try RawHTTPClient(port: port) }
        }
    }
}
