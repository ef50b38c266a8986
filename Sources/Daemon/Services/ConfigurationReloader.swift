import Logging
import Routing
import Systemd

/// Applies a new configuration without a restart (SIGHUP, `systemctl reload`).
///
/// Sends `RELOADING=1`, reads the configuration file again (the one start-up used; when start-up
/// found none, it looks again) with the same checks as start-up, and then either applies it —
/// log level, content policy and routing settings, webhook signature key and public URL, phone
/// masking, the Twilio client's credentials, the reaper's interval — and logs `event=reload`,
/// or keeps the running configuration and logs `event=reload_failed` with the error. Either
/// way it ends with `READY=1` and a fresh status line. Settings that need a restart (listeners,
/// state directory, carrier kind, outbox pacing, …) are named in the `restart_needed` field.
///
/// Secrets: under systemd (`$CREDENTIALS_DIRECTORY` set) the daemon's credentials are the copy
/// systemd made at start (`LoadCredential=`), which a reload cannot refresh; it says so
/// (`secrets=not_reread`, and in the outcome's message) rather than claim a changed secret is in
/// force: restart after changing one. Run by hand, the files are read again.
public final class ConfigurationReloader: Sendable {
    /// What one reload did.
    public struct Outcome: Sendable, Hashable {
        /// False when the configuration was refused and the running one stays in force.
        public var applied: Bool
        /// `configuration reloaded from <file>` (with the keys that need a restart), or the error.
        public var message: String
    }

    let loader: ConfigurationLoader
    /// The file start-up read; nil when it used the built-in defaults.
    let file: String?
    let current: Reloadable<LoadedConfiguration>
    let logLevel: SharedLogLevel
    let webhookSettings: Reloadable<WebhookSettings>
    let router: Router
    let carrier: CarrierConnection?
    let status: StatusReporter
    let logger: Logger

    public init(
        loader: ConfigurationLoader, file: String?, current: Reloadable<LoadedConfiguration>, logLevel: SharedLogLevel,
        webhookSettings: Reloadable<WebhookSettings>, router: Router, carrier: CarrierConnection?,
        status: StatusReporter, logger: Logger
    ) {
        self.loader = loader
        self.file = file
        self.current = current
        self.logLevel = logLevel
        self.webhookSettings = webhookSettings
        self.router = router
        self.carrier = carrier
        self.status = status
        self.logger = logger
    }

    /// Reloads once.
    @discardableResult
    public func reload() async -> Outcome {
        SystemdNotifier.notify([.reloading])
        let old = current.current
        let loaded: LoadedConfiguration
        do {
            loaded = try loader.load(file: file ?? loader.locateFile())
        } catch {
            logger.error("configuration reload refused, the running configuration stays in force: \(error)", metadata: [
                "event": "reload_failed", "error": "\(error)", "code": "\(error.code)",
            ])
            SystemdNotifier.notify([.ready, .status(await status.statusText())])
            return Outcome(applied: false, message: "configuration refused, the running one stays in force: \(error)")
        }

        logLevel.set(loaded.configuration.logLevel)
        webhookSettings.replace(with: WebhookSettings(loaded))
        await router.setConfiguration(loaded.routing)
        let newCarrierClient = carrier?.apply(loaded) ?? false
        current.replace(with: loaded)

        var metadata: Logger.Metadata = [
            "event": "reload", "log_level": "\(loaded.configuration.logLevel.rawValue)",
            "source": "\(loaded.sourceDescription)",
        ]
        if newCarrierClient { metadata["carrier_credentials"] = "replaced" }
        let secretsFixedAtStart = !(loader.environment["CREDENTIALS_DIRECTORY"] ?? "").isEmpty
        metadata["secrets"] = secretsFixedAtStart ? "not_reread" : "reread"
        let restartNeeded = old.keysNeedingRestart(toApply: loaded)
        if !restartNeeded.isEmpty { metadata["restart_needed"] = "\(restartNeeded.joined(separator: ","))" }
        logger.notice(secretsFixedAtStart ? "configuration reloaded; \(Self.secretsNote)" : "configuration reloaded",
                      metadata: metadata)
        if !restartNeeded.isEmpty {
            logger.warning("some changed settings take effect only after a restart", metadata: [
                "event": "reload_restart_needed", "keys": "\(restartNeeded.joined(separator: ","))",
            ])
        }
        SystemdNotifier.notify([.ready, .status(await status.statusText())])
        var message = "configuration reloaded from \(loaded.sourceDescription)"
        if !restartNeeded.isEmpty {
            message += "; these changes take effect after a restart: \(restartNeeded.joined(separator: ", "))"
        }
        if secretsFixedAtStart { message += "; \(Self.secretsNote)" }
        return Outcome(applied: true, message: message)
    }

    /// Why a reload under systemd leaves the secrets as they were.
    static let secretsNote = "secrets were not re-read (systemd hands them over at start only): "
        + "after changing a file in /etc/twowayd/credentials run systemctl restart twowayd"
}
