import Carrier
import Logging
import Routing
import TextingStore
import TwowayMetrics

/// The daemon's HTTP routes, as a function from ``HTTPRequest`` to ``HTTPResponse`` with no
/// sockets involved (``HTTPServer`` does the I/O), so tests call ``handle(_:)`` directly.
///
/// | route | answer |
/// |---|---|
/// | `GET /health` (or `HEAD`) | 200 `ok` once the router answers (a stuck router makes it time out); 503 while the database is unreachable |
/// | `POST /twilio/sms` | inbound text: 200 `<Response/>` only after it is durably stored (D1) |
/// | `POST /twilio/status` | delivery-status callback (C3): 200 once applied |
/// | `POST /twilio/voice` | a call to the texting number (E6): TwiML `<Dial>` to the practice phone |
/// | `GET /media/<id>?e=…&s=…` | a stored media file behind a signed link (R5), see ``mediaFile(_:)`` |
/// | a known path, another method | 405 with `Allow` |
/// | anything else | 404 |
public struct WebhookRoutes: Sendable {
    /// Liveness and readiness check.
    public static let healthPath = "/health"
    /// Twilio's inbound-message webhook (`SmsUrl` of the number).
    public static let inboundTextPath = "/twilio/sms"
    /// Twilio's delivery-status callback (`StatusCallback` of each sent message).
    public static let deliveryStatusPath = CarrierStatusCallback.path
    /// Twilio's voice webhook (`VoiceUrl` of the number).
    public static let voicePath = "/twilio/voice"

    let router: Router
    let store: any MessageStore
    let settings: Reloadable<WebhookSettings>
    let logger: Logger
    /// Media files and links (R4, R5); nil serves no `/media/` links.
    let media: MediaLibrary?
    /// Whether the database answers (M1): when it does not, `/health` says 503 and inbound
    /// webhooks are answered 503 at once.
    let reachability: StoreReachability
    /// At most 10 `signature_invalid` warnings per 10 s; the rest are counted (D4).
    let signatureWarnings = LogRateLimit(limit: 10, per: .seconds(10))
    /// At most 10 `inbound_error` lines ("not stored", 503) per 10 s; a failing store would
    /// otherwise log one per webhook and retry.
    let inboundErrors = LogRateLimit(limit: 10, per: .seconds(10))
    /// At most 10 `delivery_status_error` lines per 10 s, likewise.
    let deliveryStatusErrors = LogRateLimit(limit: 10, per: .seconds(10))

    /// - Parameters:
    ///   - settings: read on every request, so a reload (new auth token, public URL, log
    ///     format) applies to the next webhook.
    ///   - media: serves `/media/` links and is told when a text with media was stored.
    public init(
        router: Router, store: any MessageStore, settings: Reloadable<WebhookSettings>, logger: Logger,
        media: MediaLibrary? = nil, reachability: StoreReachability = StoreReachability()
    ) {
        self.reachability = reachability
        self.router = router
        self.store = store
        self.settings = settings
        self.logger = logger
        self.media = media
    }

    /// Answers one request. Never throws: every failure is a response.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let route = Self.metricRoute(request.path)
        let response = await answer(request)
        TwowayMetrics.webhook(route, status: response.status, duration: ContinuousClock.now - started)
        return response
    }

    /// The `route` label of a path: one of a fixed few, never the path itself.
    static func metricRoute(_ path: String) -> TwowayMetrics.WebhookRoute {
        switch path {
        case healthPath: .health
        case inboundTextPath: .sms
        case deliveryStatusPath: .status
        case voicePath: .voice
        case let path where path.hasPrefix(MediaLinkSigner.pathPrefix): .media
        default: .other
        }
    }

    private func answer(_ request: HTTPRequest) async -> HTTPResponse {
        switch request.path {
        case Self.healthPath:
            guard request.method == "GET" || request.method == "HEAD" else { return Self.methodNotAllowed("GET, HEAD") }
            return await health()
        case Self.inboundTextPath:
            guard request.method == "POST" else { return Self.methodNotAllowed("POST") }
            return await inboundText(request)
        case Self.deliveryStatusPath:
            guard request.method == "POST" else { return Self.methodNotAllowed("POST") }
            return await deliveryStatus(request)
        case Self.voicePath:
            guard request.method == "POST" else { return Self.methodNotAllowed("POST") }
            return await voiceCall(request)
        case let path where path.hasPrefix(MediaLinkSigner.pathPrefix):
            return await mediaFile(request)
        default:
            return WebhookError(status: 404, code: "http.not_found", message: "There is nothing at \(request.path).").response
        }
    }

    /// 200 `ok` once the router actor answers: a router stuck behind a hung task makes the
    /// health check hang too, which is what a load balancer should see.
    func health() async -> HTTPResponse {
        _ = await router.liveSessionCount
        guard reachability.isReachable else { return .text(503, "database unreachable\n") }
        return .text(200, "ok\n")
    }

    static func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var response = WebhookError(
            status: 405, code: "http.method_not_allowed", message: "This path accepts \(allowed) only.").response
        response.headers.replaceOrAdd(name: "Allow", value: allowed)
        return response
    }
}
