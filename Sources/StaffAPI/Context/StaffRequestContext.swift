import Hummingbird
import Logging
import NIOCore
import Operations

/// The per-request state of the staff API: Hummingbird's core storage, the request id, the
/// client's address and, once ``SessionMiddleware`` has run, the signed-in session.
///
/// Built from Hummingbird's `ApplicationRequestContextSource` (the connection and a logger), so
/// the same context serves the daemon's socket-activated listener and Hummingbird's test
/// client. The listener puts the request id into the logger's `request_id` metadata; a logger
/// without one gets a fresh id.
public struct StaffRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id (`X-Request-Id`, `request_id` in log lines). Use it, not Hummingbird's
    /// `RequestContext.id`, which reads `Application`'s own metadata key and traps without it.
    public let requestID: String
    /// The peer's IP address as the socket saw it (the TLS proxy's when one is in front); nil
    /// when the connection has none (a Unix socket, an in-process test).
    public let peerAddress: String?
    /// The session, set by ``SessionMiddleware`` on every route that needs one.
    public var session: AuthenticatedSession?
    /// The pet owner's verified app token, set by ``AppTokenMiddleware`` on the app's routes (P1).
    public var appToken: AppTokenVerifier.Verified?

    public init(source: ApplicationRequestContextSource) {
        var logger = source.logger
        if let id = logger[metadataKey: Self.requestIDKey] {
            requestID = id.description
        } else {
            requestID = RequestID().description
            logger[metadataKey: Self.requestIDKey] = .string(requestID)
        }
        coreContext = .init(source: ApplicationRequestContextSource(channel: source.channel, logger: logger))
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The logger metadata key of the request id.
    public static let requestIDKey = "request_id"

    /// The session of a protected route. Routes behind ``SessionMiddleware`` always have one;
    /// elsewhere this refuses as not signed in.
    public func requireSession() throws -> AuthenticatedSession {
        guard let session else { throw StaffAPIError(.init(.notSignedIn, "Please sign in.")) }
        return session
    }
}
