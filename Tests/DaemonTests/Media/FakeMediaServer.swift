import Foundation
import Synchronization
@testable import Daemon

/// A carrier's media host on loopback, built on the daemon's own swift-nio ``HTTPServer``: files
/// by path, each answered from a script of replies (the last one repeats), behind HTTP basic
/// auth unless the path is public. Records every request.
final class FakeMediaServer: Sendable {
    /// One scripted answer.
    struct Reply: Sendable {
        var status = 200
        var contentType: String? = "image/jpeg"
        var body: [UInt8] = []
        var headers: [(String, String)] = []
        /// Held until the gate opens.
        var gate: Gate?

        static func file(_ body: [UInt8], type: String = "image/jpeg", gate: Gate? = nil) -> Reply {
            Reply(contentType: type, body: body, gate: gate)
        }

        static func status(_ status: Int) -> Reply {
            Reply(status: status, contentType: "text/plain", body: Array("status \(status)".utf8))
        }
    }

    /// A request as received.
    struct Request: Sendable {
        var path: String
        var authorization: String?
    }

    /// Holds replies until ``open()``.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func wait() async {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.open { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }

        func open() {
            let waiters = state.withLock { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    private final class Script: Sendable {
        let expectedAuthorization: String?
        let state = Mutex<(replies: [String: [Reply]], public: Set<String>, requests: [Request])>(([:], [], []))

        init(expectedAuthorization: String?) {
            self.expectedAuthorization = expectedAuthorization
        }

        func respond(_ request: HTTPRequest) async -> HTTPResponse {
            let authorization = request.headers["Authorization"]
            let reply: Reply? = state.withLock { state in
                state.requests.append(Request(path: request.path, authorization: authorization))
                guard let expected = expectedAuthorization, !state.public.contains(request.path) else {
                    return Self.next(&state.replies, request.path)
                }
                guard authorization == expected else {
                    return Reply(status: 401, contentType: "text/plain", body: Array("unauthorized".utf8))
                }
                return Self.next(&state.replies, request.path)
            }
            guard let reply else { return .text(404, "no such media\n") }
            if let gate = reply.gate { await gate.wait() }
            var headers = HTTPFields()
            if let type = reply.contentType { headers.append(name: "Content-Type", value: type) }
            for (name, value) in reply.headers { headers.append(name: name, value: value) }
            return HTTPResponse(status: reply.status, headers: headers, body: reply.body)
        }

        private static func next(_ replies: inout [String: [Reply]], _ path: String) -> Reply? {
            guard var list = replies[path], let first = list.first else { return nil }
            if list.count > 1 {
                list.removeFirst()
                replies[path] = list
            }
            return first
        }
    }

    private let script: Script
    private let server: HTTPServer
    private let serving: Task<Void, any Error>
    let port: Int

    /// Starts listening on 127.0.0.1 at a free port. With `credentials`, every non-public path
    /// requires `Authorization: Basic base64(account:token)` (401 otherwise).
    static func start(credentials: MediaFetcher.Credentials? = nil) async throws -> FakeMediaServer {
        let expected = credentials.map {
            "Basic " + Data("\($0.accountSID):\($0.authToken)".utf8).base64EncodedString()
        }
        let script = Script(expectedAuthorization: expected)
        let server = try await HTTPServer.bind(
            .address(host: "127.0.0.1", port: 0), configuration: .init(shutdownGracePeriod: .seconds(1)),
            logger: quietLogger, handler: { request in await script.respond(request) })
        guard let port = server.localPort else { throw FakeFailure(description: "no port") }
        return FakeMediaServer(script: script, server: server, port: port)
    }

    private init(script: Script, server: HTTPServer, port: Int) {
        self.script = script
        self.server = server
        self.port = port
        serving = Task { try await server.serve() }
    }

    /// Answers `path` with `replies` in turn, the last one from then on.
    func serve(_ path: String, _ replies: Reply..., public isPublic: Bool = false) {
        script.state.withLock { state in
            state.replies[path] = replies
            if isPublic { state.public.insert(path) }
        }
    }

    /// The URL of `path` on this server (`host` may name 127.0.0.1 another way).
    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "http://\(host):\(port)\(path)"
    }

    /// Every request so far, oldest first.
    var requests: [Request] { script.state.withLock { $0.requests } }

    /// Stops listening and waits for the server.
    func stop() async {
        server.beginShutdown()
        _ = try? await serving.value
    }

    struct FakeFailure: Error, CustomStringConvertible {
        var description: String
    }
}
