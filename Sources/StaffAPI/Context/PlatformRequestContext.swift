import Hummingbird
import Operations

/// The request context of the platform API's routes: the staff context's storage and request
/// id, and the practice platform the bearer token named, once ``PlatformTokenMiddleware`` has run.
public struct PlatformRequestContext: ChildRequestContext {
    public typealias ParentContext = StaffRequestContext
    public var coreContext: CoreRequestContextStorage
    /// The request's id (`X-Request-Id`).
    public let requestID: String
    /// The peer's IP address, for the failed-token throttle.
    public let peerAddress: String?
    /// The caller, set by ``PlatformTokenMiddleware``.
    public var platform: PlatformCaller?

    public init(context: StaffRequestContext) {
        coreContext = context.coreContext
        requestID = context.requestID
        peerAddress = context.peerAddress
    }

    /// The caller of a route behind ``PlatformTokenMiddleware``.
    func requirePlatform() throws -> PlatformCaller {
        guard let platform else { throw PlatformTokens.refusal }
        return platform
    }
}
