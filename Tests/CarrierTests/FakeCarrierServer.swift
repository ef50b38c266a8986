import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback stand-in for a Twilio-compatible REST API: an HTTP/1.1 server on 127.0.0.1 (an
/// ephemeral port) that records every request and answers from a script, call by call.
///
/// Unscripted calls get the REST subset's usual answers: `POST …/Messages.json` → 201 with a
/// queued message; `GET …/AvailablePhoneNumbers/<country>/TollFree.json` → 200 with one
/// number (`+18335550123`); `POST …/IncomingPhoneNumbers.json` → 201 with the number asked
/// for; anything else → 404 with code 20404.
final class FakeCarrierServer: Sendable {
    /// One request as the server received it.
    struct RecordedRequest: Sendable {
        var method: String
        /// The path without the query.
        var path: String
        var query: [(String, String)]
        var authorization: String?
        var contentType: String?
        /// The decoded `application/x-www-form-urlencoded` body, in order.
        var form: [(String, String)]

        /// Every value of form field `name`, in order.
        func values(_ name: String) -> [String] { form.filter { $0.0 == name }.map(\.1) }
        /// The first value of form field `name`.
        func value(_ name: String) -> String? { values(name).first }
        /// The first value of query item `name`.
        func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    }

    /// How the server answers one call.
    indirect enum Reply: Sendable {
        /// `status` with `body` as `application/json`.
        case json(status: Int, body: String)
        /// Waits `duration`, then answers with the reply.
        case delayed(Duration, Reply)
        /// Reads the request, then closes the connection without answering.
        case closeConnection
    }

    private struct State {
        var script: [Reply] = []
        var requests: [RecordedRequest] = []
    }

    private let state = Mutex(State())
    let port: Int

    /// `http://127.0.0.1:<port>`, the `apiBaseURL` to give the client.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int) {
        self.port = port
    }

    /// Queues answers for the next calls, in order; calls past the script get the defaults.
    func enqueue(_ replies: Reply...) {
        state.withLock { $0.script += replies }
    }

    /// Every request received so far, oldest first.
    var requests: [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// Runs `body` with a listening server and stops the server afterwards.
    static func with<T>(_ body: (FakeCarrierServer) async throws -> T) async throws -> T {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let port = listener.channel.localAddress?.port else {
            try? await listener.channel.close()
            throw FakeServerError(message: "the listener has no local port")
        }
        let server = FakeCarrierServer(port: port)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await server.serve(listener) }
            defer { group.cancelAll() }
            let result: T
            do {
                result = try await body(server)
            } catch {
                try? await listener.channel.close()
                throw error
            }
            try? await listener.channel.close()
            return result
        }
    }

    /// A loopback port nothing listens on (bound, then closed), for "unreachable" tests.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw FakeServerError(message: "the probe socket has no local port") }
        return port
    }

    private func serve(_ listener: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>) async {
        do {
            try await listener.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await self.handle(connection) }
                        }
                    } catch {
                        // The listener closed: the test is over.
                    }
                }
            }
        } catch {
            // Closing an already closed listener; nothing to do.
        }
    }

    private func handle(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let requestHead = head else { continue }
                        let request = Self.record(requestHead, body: body)
                        var reply = state.withLock { state in
                            state.requests.append(request)
                            return state.script.isEmpty ? Self.defaultReply(to: request) : state.script.removeFirst()
                        }
                        while case .delayed(let duration, let next) = reply {
                            try await Task.sleep(for: duration)
                            reply = next
                        }
                        switch reply {
                        case .closeConnection, .delayed:
                            return
                        case .json(let status, let text):
                            var headers = HTTPHeaders()
                            headers.add(name: "Content-Type", value: "application/json")
                            headers.add(name: "Content-Length", value: String(text.utf8.count))
                            try await outbound.write(.head(HTTPResponseHead(
                                version: requestHead.version, status: HTTPResponseStatus(statusCode: status),
                                headers: headers)))
                            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
                            try await outbound.write(.end(nil))
                        }
                    }
                }
            }
        } catch {
            // The client went away (a timeout) or the test ended; the request is recorded.
        }
    }

    private static func record(_ head: HTTPRequestHead, body: ByteBuffer) -> RecordedRequest {
        let (path, query) = head.uri.split(separator: "?", maxSplits: 1).map(String.init).splitPathAndQuery()
        let isForm = head.headers["Content-Type"].first?.hasPrefix("application/x-www-form-urlencoded") ?? false
        return RecordedRequest(
            method: head.method.rawValue, path: path, query: decodeForm(query),
            authorization: head.headers["Authorization"].first, contentType: head.headers["Content-Type"].first,
            form: isForm ? decodeForm(String(buffer: body)) : [])
    }

    /// Decodes `a=1&b=2` (with `+` as space and percent escapes).
    static func decodeForm(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    private static func defaultReply(to request: RecordedRequest) -> Reply {
        if request.method == "POST", request.path.hasSuffix("/Messages.json") {
            return .json(status: 201, body: #"{"sid":"SM00000000000000000000000000000001","status":"queued"}"#)
        }
        if request.method == "GET", request.path.hasSuffix("/TollFree.json") {
            return .json(status: 200, body: #"{"available_phone_numbers":[{"phone_number":"+18335550123"}]}"#)
        }
        if request.method == "POST", request.path.hasSuffix("/IncomingPhoneNumbers.json") {
            let number = request.value("PhoneNumber") ?? ""
            return .json(status: 201, body: #"{"sid":"PN0000000000000000000000000000000A","phone_number":"\#(number)"}"#)
        }
        return .json(status: 404, body: #"{"code":20404,"message":"The requested resource was not found","status":404}"#)
    }
}

/// The fake server could not start.
struct FakeServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { "fake carrier server: \(message)" }
}

private extension Array where Element == String {
    /// `[path]` or `[path, query]` as a pair.
    func splitPathAndQuery() -> (String, String) {
        (first ?? "", count > 1 ? self[1] : "")
    }
}
