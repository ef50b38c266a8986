import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TextingCore

/// Fetches one inbound media file from the carrier (R4).
///
/// - The declared type (the webhook's `MediaContentTypeN`) and the served `Content-Type` must
///   both be on the allowlist; otherwise nothing (more) is read.
/// - A file larger than the limit is refused, by its `Content-Length` when given, else once the
///   bytes read pass the limit.
/// - With credentials, requests carry HTTP basic auth (account SID : auth token). Twilio answers
///   a media URL with a redirect to its file storage: redirects (at most 5) are followed by hand,
///   and the credentials go only to the origin (scheme, host, port) of the original URL.
/// - 408, 425, 429, 5xx and no answer at all are retryable; any other status is final.
///
/// `Sendable` (immutable; `HTTPClient` is thread-safe). Call ``shutdown()`` once, at the end.
public final class MediaFetcher: Sendable {
    /// The carrier account's basic-auth credentials.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        public var accountSID: String
        public var authToken: String

        public init(accountSID: String, authToken: String) {
            self.accountSID = accountSID
            self.authToken = authToken
        }

        /// The account only; never the token.
        public var description: String { "Credentials(\(accountSID), token redacted)" }
    }

    /// What one fetch gave.
    public enum Outcome: Sendable, Hashable {
        /// The whole file and the type it was served as.
        case fetched(bytes: [UInt8], contentType: String)
        /// Worth trying again later; the reason in words.
        case retryable(String)
        /// Final; the reason in words, shown to staff.
        case refused(String)
    }

    /// Redirects followed at most.
    static let maximumRedirects = 5

    let http: HTTPClient

    /// A fetcher with its own connection pool on the process-wide event loops.
    public init(connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(30)) {
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(connectTimeout), read: Self.timeAmount(readTimeout)))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the connections; fetches after it are retryable failures.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// Fetches `url`, declared by the carrier as `declaredType`.
    public func fetch(
        _ url: String, declaredType: String, credentials: Credentials?, maxBytes: Int, allowlist: ContentTypeAllowlist,
        timeout: Duration
    ) async -> Outcome {
        guard allowlist.allows(declaredType) else { return .refused(Self.typeRefusal(declaredType, allowlist)) }
        guard let original = URLComponents(string: url), let scheme = original.scheme?.lowercased(),
              scheme == "http" || scheme == "https", original.host?.isEmpty == false
        else {
            return .refused("The carrier's media URL is not an http(s) URL.")
        }
        let deadline = NIODeadline.now() + Self.timeAmount(timeout)
        var current = url
        for _ in 0...Self.maximumRedirects {
            var request = HTTPClientRequest(url: current)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "twowayd")
            request.headers.add(name: "Accept", value: "*/*")
            if let credentials, Self.sameOrigin(current, url) {
                let token = Data("\(credentials.accountSID):\(credentials.authToken)".utf8).base64EncodedString()
                request.headers.add(name: "Authorization", value: "Basic " + token)
            }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: deadline)
            } catch {
                return .retryable(Self.transportProblem(error))
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status) {
                guard let location = response.headers.first(name: "Location"),
                      let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
                else {
                    return .refused("The media server redirected (HTTP \(status)) without saying where.")
                }
                current = next
                continue
            }
            guard (200..<300).contains(status) else {
                let retryable = status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
                let reason = "The media server answered HTTP \(status)."
                return retryable ? .retryable(reason) : .refused(reason)
            }
            let served = response.headers.first(name: "Content-Type").flatMap { ContentTypeAllowlist.essence($0) }
                ?? ContentTypeAllowlist.essence(declaredType) ?? declaredType
            guard allowlist.allows(served) else { return .refused(Self.typeRefusal(served, allowlist)) }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
                return .refused(Self.sizeRefusal(length, maxBytes))
            }
            var bytes: [UInt8] = []
            do {
                for try await chunk in response.body {
                    if bytes.count + chunk.readableBytes > maxBytes {
                        return .refused(Self.sizeRefusal(nil, maxBytes))
                    }
                    bytes += chunk.readableBytesView
                }
            } catch {
                return .retryable(Self.transportProblem(error))
            }
            return .fetched(bytes: bytes, contentType: served)
        }
        return .refused("The media server redirected more than \(Self.maximumRedirects) times.")
    }

    /// Whether `a` and `b` have the same scheme, host and port (default ports filled in).
    static func sameOrigin(_ a: String, _ b: String) -> Bool {
        func origin(_ text: String) -> String? {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                  let host = components.host?.lowercased()
            else { return nil }
            let port = components.port ?? (scheme == "https" ? 443 : 80)
            return "\(scheme)://\(host):\(port)"
        }
        guard let left = origin(a) else { return false }
        return left == origin(b)
    }

    static func typeRefusal(_ type: String, _ allowlist: ContentTypeAllowlist) -> String {
        "Files of type \(type) are not kept (allowed: \(allowlist.patterns.joined(separator: ", ")))."
    }

    static func sizeRefusal(_ length: Int?, _ maxBytes: Int) -> String {
        let size = length.map { "The file is \(MediaSettings.size($0)); files" } ?? "The file is larger than the limit; files"
        return "\(size) over \(MediaSettings.size(maxBytes)) are not kept."
    }

    /// A fetch that got no (complete) answer, in words; never the credentials.
    static func transportProblem(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            return "The media server did not answer in time."
        case let error as HTTPClientError where error == .connectTimeout:
            return "The media server could not be connected to in time."
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "The media server closed the connection."
        case let error as HTTPClientError where error == .cancelled || error == .alreadyShutdown:
            return "The download was stopped (the daemon is shutting down)."
        case is CancellationError:
            return "The download was stopped (the daemon is shutting down)."
        default:
            return "The media server could not be reached (\(error))."
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
