import Logging
import NIOCore
import NIOHTTP1

extension HTTPServer {
    /// A request whose head has arrived and whose body is being collected.
    private struct PendingRequest {
        var head: HTTPRequestHead
        var body = ByteBuffer()
    }

    /// Serves the requests of one connection in order until the client closes it, asks for
    /// `Connection: close`, sends a body over the limit, or the server shuts down.
    func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending: PendingRequest?
                /// Bytes of a refused body thrown away so far; nil while not refusing.
                var discarded: Int?
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        let expectsContinue = head.headers.first(name: "expect")?.lowercased() == "100-continue"
                        if let declared = head.headers.first(name: "content-length").flatMap(Int.init),
                           declared > configuration.maxBodyBytes {
                            try await refuseTooLarge(head, outbound)
                            // A client waiting for "100 Continue" sends no body: close now.
                            if expectsContinue { return }
                            discarded = 0
                        } else {
                            if expectsContinue {
                                try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
                            }
                            pending = PendingRequest(head: head)
                        }
                    case .body(let chunk):
                        if let bytes = discarded {
                            discarded = bytes + chunk.readableBytes
                            if bytes + chunk.readableBytes > configuration.discardLimitBytes { return }
                        } else if var request = pending {
                            pending = nil  // keep the buffer uniquely referenced while appending
                            if request.body.readableBytes + chunk.readableBytes > configuration.maxBodyBytes {
                                try await refuseTooLarge(request.head, outbound)
                                discarded = 0
                            } else {
                                var chunk = chunk
                                request.body.writeBuffer(&chunk)
                                pending = request
                            }
                        }
                    case .end:
                        if discarded != nil { return }
                        guard let request = pending else { continue }
                        pending = nil
                        let keepAlive = request.head.isKeepAlive
                        let response = await handler(Self.request(from: request.head, body: request.body))
                        try await write(response, for: request.head, keepAlive: keepAlive, outbound)
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("HTTP connection ended with an error", metadata: [
                "event": "http_connection_error", "error": "\(error)",
            ])
        }
    }

    private func refuseTooLarge(
        _ head: HTTPRequestHead, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        logger.warning("HTTP request body over the limit refused", metadata: [
            "event": "http_body_too_large", "path": "\(Self.path(of: head.uri))",
            "limit": "\(configuration.maxBodyBytes)",
        ])
        let response = HTTPResponse.text(413, "Request body larger than \(configuration.maxBodyBytes) bytes.\n")
        try await write(response, for: head, keepAlive: false, outbound)
    }

    private func write(
        _ response: HTTPResponse, for request: HTTPRequestHead, keepAlive: Bool,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders(response.headers.fields.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        let isHTTP10 = request.version == .http1_0
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if isHTTP10 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        let version: HTTPVersion = isHTTP10 ? .http1_0 : .http1_1
        let head = HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        var parts: [HTTPServerResponsePart] = [.head(head)]
        // A response to HEAD announces its length but carries no body.
        if request.method != .HEAD && !response.body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    static func request(from head: HTTPRequestHead, body: ByteBuffer) -> HTTPRequest {
        HTTPRequest(
            method: head.method.rawValue, uri: head.uri,
            headers: HTTPFields(head.headers.map { (name: $0.name, value: $0.value) }),
            body: Array(body.readableBytesView))
    }

    static func path(of uri: String) -> Substring {
        uri.prefix { $0 != "?" }
    }
}
