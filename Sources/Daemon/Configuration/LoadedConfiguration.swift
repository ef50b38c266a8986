import Routing
import TextingCore

/// A configuration that passed every check, with what it refers to already loaded: the content
/// policy and the secrets. Start-up and every reload produce one of these, or an error.
public struct LoadedConfiguration: Sendable {
    /// The settings, file and environment overrides applied.
    public var configuration: DaemonConfiguration
    /// The file they came from; nil when the embedded defaults were used.
    public var file: String?
    /// The content policy from `contentPolicyFile`, or the built-in one.
    public var contentPolicy: ContentPolicy
    /// The secrets found for this configuration.
    public var credentials: Credentials
    /// `configuration.minimumAppVersion`, parsed.
    public var minimumAppVersion: AppVersion

    public init(
        configuration: DaemonConfiguration, file: String?, contentPolicy: ContentPolicy, credentials: Credentials,
        minimumAppVersion: AppVersion
    ) {
        self.configuration = configuration
        self.file = file
        self.contentPolicy = contentPolicy
        self.credentials = credentials
        self.minimumAppVersion = minimumAppVersion
    }

    /// The routing settings these values give (all of them take effect on reload).
    public var routing: RoutingConfiguration {
        RoutingConfiguration(
            contentPolicy: contentPolicy,
            carrierSendsOptOutConfirmation: configuration.carrier.carrierSendsOptOutConfirmation,
            minimumAppVersion: minimumAppVersion,
            sessionIdleTimeout: .seconds(configuration.sessions.idleTimeoutSeconds))
    }

    /// Where the configuration came from, for messages: the file, or `built-in defaults`.
    public var sourceDescription: String { file ?? "built-in defaults" }

    /// The dotted keys whose new values in `newer` only take effect after a restart
    /// (listeners, the staff API listener, control socket path, state directory, carrier kind, outbox pacing, sandbox
    /// seeding). A Twilio account, API URL or auth token change is applied: a new client is built.
    public func keysNeedingRestart(toApply newer: LoadedConfiguration) -> [String] {
        let old = configuration, new = newer.configuration
        var keys: [String] = []
        if old.http.host != new.http.host { keys.append("http.host") }
        if old.http.port != new.http.port { keys.append("http.port") }
        if old.http.maxBodyBytes != new.http.maxBodyBytes { keys.append("http.maxBodyBytes") }
        if old.api != new.api { keys.append("api") }
        if old.control.socketPath != new.control.socketPath { keys.append("control.socketPath") }
        if old.stateDirectory != new.stateDirectory { keys.append("stateDirectory") }
        if old.store != new.store { keys.append("store") }
        if old.media.directory != new.media.directory { keys.append("media.directory") }
        if old.carrier.kind != new.carrier.kind { keys.append("carrier.kind") }
        if old.outbox != new.outbox { keys.append("outbox") }
        if old.sandbox != new.sandbox { keys.append("sandbox") }
        return keys
    }
}
