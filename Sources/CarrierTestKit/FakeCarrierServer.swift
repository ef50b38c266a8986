import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback stand-in for a Twilio-compatible REST API: an HTTP/1.1 server on 127.0.0.1 (an
/// ephemeral port) that records every request and answers from a script, call by call.
///
/// A call takes the next reply of the script (``enqueue(_:)``); when the script is empty, the
/// responder set with ``respondUnscripted(_:)`` decides; when it returns nil (or none is set)
/// the REST subset's usual answer is given: `POST …/Messages.json` → 201 with a queued message
/// whose sid is `SM` + 32 hex digits counting the sends answered this way (the first is
/// `SM00000000000000000000000000000001`); `GET …/AvailablePhoneNumbers/<country>/TollFree.json`
/// → 200 with one number (`+18335550123`); `POST …/IncomingPhoneNumbers.json` → 201 with the
/// number asked for; anything else → 404 with code 20404.
///
/// Used by the carrier unit tests and the daemon-level carrier integration tests; nothing in
/// the daemon depends on it.
public final class FakeCarrierServer: Sendable {
    /// Decides the answer to a call the script does not cover; nil means the usual answer.
    public typealias Responder = @Sendable (RecordedRequest) -> Reply?

    private struct State {
        var script: [Reply] = []
        var responder: Responder?
        var requests: [RecordedRequest] = []
        var messageCount = 0
    }

    private let state = Mutex(State())
    /// The loopback port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:<port>`, the `apiBaseURL` to give the client.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int) {
        self.port = port
    }

    /// Queues answers for the next calls, in order; calls past the script get the defaults.
    public func enqueue(_ replies: Reply...) {
        state.withLock { $0.script += replies }
    }

    /// Sets (or, with nil, removes) the responder for calls the script does not cover; it
    /// applies from the next call on.
    public func respondUnscripted(_ responder: Responder?) {
        state.withLock { $0.responder = responder }
    }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// Waits until `condition` holds for the requests received so far, checking every 10 ms.
    /// Returns the requests then, or nil when `timeout` passed first.
    public func waitForRequests(
        timeout: Duration, until condition: ([RecordedRequest]) -> Bool
    ) async -> [RecordedRequest]? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let seen = requests
            if condition(seen) { return seen }
            if ContinuousClock.now >= deadline { return nil }
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                return nil
            }
        }
    }

    /// Runs `body` with a listening server and stops the server afterwards.
    public static func with<T>(_ body: (FakeCarrierServer) async throws -> T) async throws -> T {
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

    /// A loopback port nothing listens on (bound, then closed), for "unreachable" tests and
    /// for choosing a free port for another listener.
    public static func closedPort() async throws -> Int {
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
                        var reply = answer(Self.record(requestHead, body: body))
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

    /// Chooses the reply to `request` and records both, in one step.
    private func answer(_ request: RecordedRequest) -> Reply {
        let responder = state.withLock { $0.responder }
        // The responder runs outside the lock: it may read `requests`.
        let custom = responder?(request)
        return state.withLock { state in
            let reply: Reply
            if !state.script.isEmpty {
                reply = state.script.removeFirst()
            } else if let custom {
                reply = custom
            } else {
                reply = Self.usualReply(to: request, messageCount: &state.messageCount)
            }
            var recorded = request
            recorded.answer = reply.finalStatus
            state.requests.append(recorded)
            return reply
        }
    }

    private static func record(_ head: HTTPRequestHead, body: ByteBuffer) -> RecordedRequest {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let path = parts.first ?? "", query = parts.count > 1 ? parts[1] : ""
        let isForm = head.headers["Content-Type"].first?.hasPrefix("application/x-www-form-urlencoded") ?? false
        return RecordedRequest(
            method: head.method.rawValue, path: path, query: decodeForm(query),
            authorization: head.headers["Authorization"].first, contentType: head.headers["Content-Type"].first,
            form: isForm ? decodeForm(String(buffer: body)) : [], receivedAt: .now, answer: nil)
    }

    /// Decodes `a=1&b=2` (with `+` as space and percent escapes).
    public static func decodeForm(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// `SM` + `number` as 32 hex digits.
    public static func messageSID(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        return "SM" + String(repeating: "0", count: max(0, 32 - hex.count)) + hex
    }

    private static func usualReply(to request: RecordedRequest, messageCount: inout Int) -> Reply {
        if request.isSend {
            messageCount += 1
            return .json(status: 201, body: #"{"sid":"\#(messageSID(messageCount))","status":"queued"}"#)
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
