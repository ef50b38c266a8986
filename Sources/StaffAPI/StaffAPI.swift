import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Operations

/// The staff API: routes under `/api/v1`, JSON in and out, sessions in a cookie and a CSRF token
/// on every change (W4). It decodes, authorises by session and encodes; what may be seen and done
/// is decided by the Operations layer it calls.
///
/// ``makeRouter()`` builds the Hummingbird router; the daemon serves it on its own listener
/// (``httpResponder(logger:)``) and tests through Hummingbird's test client.
public struct StaffAPI: Sendable {
    /// Settings of the API.
    public struct Configuration: Sendable, Hashable {
        /// The address staff use to reach the API (through the operator's TLS proxy), e.g.
        /// `https://inbox.example-vet.com`; its scheme decides the cookie's `Secure` attribute.
        public var publicURL: String

        public init(publicURL: String = "http://127.0.0.1:8081") {
            self.publicURL = publicURL
        }

        /// Whether the session cookie gets `Secure`: the public address is https.
        public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }
    }

    /// Every route is under this path.
    public static let prefix = "/api/v1"

    let accounts: Accounts
    let operations: Operations
    let configuration: Configuration
    let metrics: MetricsEndpoint?
    /// The practice platform's bearer tokens; nil serves no platform API (issue 13).
    let platformTokens: PlatformTokens?

    /// - Parameters:
    ///   - accounts: sign-in, sessions and sign-out (W4).
    ///   - operations: what signed-in staff do; every route asks it as the session's account.
    ///   - metrics: served at `GET /metrics` when given.
    ///   - platformTokens: when given, the platform API (`PUT /api/v1/clients/{id}`, `POST /api/v1/reminders`).
    public init(
        accounts: Accounts, operations: Operations, configuration: Configuration, metrics: MetricsEndpoint? = nil,
        platformTokens: PlatformTokens? = nil
    ) {
        self.accounts = accounts
        self.operations = operations
        self.configuration = configuration
        self.metrics = metrics
        self.platformTokens = platformTokens
    }

    /// The router with every route and middleware.
    public func makeRouter() -> Router<StaffRequestContext> {
        build().router
    }

    /// The router and the routes it has: the staff API's (for the route matrices and the OpenAPI
    /// test) and the app's under `/app/v1` (in the OpenAPI document too).
    func build() -> (router: Router<StaffRequestContext>, routes: [APIRoutes.Route], appRoutes: [APIRoutes.Route]) {
        let router = Router(context: StaffRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorMiddleware())
        let routes = APIRoutes(prefix: Self.prefix)
        let api = router.group(RouterPath(Self.prefix))
        let sessionRoutes = SessionRoutes(
            accounts: accounts, operations: operations, secureCookies: configuration.secureCookies)

        // Public: signing in and the API's description.
        sessionRoutes.addPublic(to: routes, api)
        routes.on(.get, "openapi.json", in: api) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            let document = OpenAPIDocument.served(platform: platformTokens != nil)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document)))
        }

        // Everything else needs a session, and a CSRF token to change anything.
        let protected = api.group()
            .add(middleware: SessionMiddleware(accounts: accounts))
            .add(middleware: CSRFMiddleware())
        sessionRoutes.addProtected(to: routes, protected)
        ConversationRoutes(operations: operations).add(to: routes, protected)
        ClientRoutes(operations: operations).add(to: routes, protected)
        SubscriptionRoutes(operations: operations).add(to: routes, protected)
        PracticeRoutes(operations: operations).add(to: routes, protected)
        HoursRoutes(operations: operations).add(to: routes, protected)
        StaffAccountRoutes(operations: operations).add(to: routes, protected)
        MediaRoutes(operations: operations).add(to: routes, protected)
        EventRoutes(operations: operations, accounts: accounts).add(to: routes, protected)

        // The pet owner's app (P1, P2): its own prefix, a bearer token instead of a session.
        let appRoutes = APIRoutes(prefix: AppRoutes.prefix)
        let appTokens = AppTokenMiddleware(verifier: AppTokenVerifier(secret: operations.environment.secret))
        AppRoutes(operations: operations).add(to: appRoutes, router.group(RouterPath(AppRoutes.prefix)).add(middleware: appTokens))

        // The practice platform (issue 13): a bearer token per practice, no session or CSRF token.
        if let platformTokens {
            PlatformRoutes(operations: operations).add(
                to: api.group(context: PlatformRequestContext.self).add(middleware: PlatformTokenMiddleware(tokens: platformTokens)))
        }

        // The web inbox's files: no session, not part of the API's description.
        StaticRoutes().add(to: router)
        metrics?.add(to: router)
        return (router, routes.routes, appRoutes.routes)
    }
}
