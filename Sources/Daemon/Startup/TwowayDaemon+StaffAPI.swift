import Logging
import Operations
import StaffAPI
import Systemd
import TextingStore

extension TwowayDaemon {
    /// The most staff API connections open at once: staff browsers are few (a practice's front
    /// desk), and the webhook listener keeps the descriptors for the carrier.
    static let apiMaxConnections = 256

    /// The staff API listener: systemd's socket named `api`, else `api.host:api.port`; nil when
    /// `api.enabled` is false. A listener that cannot be bound is logged (`event=api_unavailable`)
    /// and the daemon runs without it, as it does without a control socket: webhooks matter
    /// more than the inbox.
    static func bindStaffAPI(
        sockets: ListenedSockets, configuration: DaemonConfiguration, accounts: Accounts, operations: Operations,
        metrics: MetricsEndpoint?, health: ListenerHealth, logger: Logger, platformTokens: PlatformTokens? = nil
    ) async -> StaffAPIService? {
        guard configuration.api.enabled else { return nil }
        let endpoint: HTTPServer.Endpoint = sockets.descriptors(named: "api").first.map { .adopted(descriptor: $0) }
            ?? .address(host: configuration.api.host, port: configuration.api.port)
        var limits = configuration.http.serverConfiguration(descriptorLimit: nil)
        limits.maxConnections = apiMaxConnections
        let api = StaffAPI(
            accounts: accounts, operations: operations, configuration: .init(publicURL: configuration.api.publicURL),
            metrics: metrics, platformTokens: platformTokens)
        do {
            return try await StaffAPIService.bind(
                endpoint, api: api, configuration: limits, logger: Logger(label: "twowayd.api"), health: health)
        } catch {
            logger.error("staff API listener \(endpoint) unavailable, running without it: \(error)", metadata: [
                "event": "api_unavailable", "endpoint": "\(endpoint)", "error": "\(error)",
            ])
            return nil
        }
    }
}
