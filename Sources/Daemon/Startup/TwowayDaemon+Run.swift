import Control
import Foundation
import Logging
import Operations
import Routing
import ServiceLifecycle
import Systemd
import TextingCore
import TextingStore
import TextingStoreSQLite
import UnixSignals

extension TwowayDaemon {
    /// File name of the database inside the state directory.
    public static let databaseFileName = "twowayd.sqlite"

    /// Starts every part in order, runs until SIGTERM/SIGINT, and stops cleanly.
    ///
    /// Order: state directory and its lock, database (migrations), router (and the sandbox demo
    /// practice), carrier and outbox sender, HTTP listener (a socket from systemd first), SIGHUP handler;
    /// then the service group, whose first act is to trap SIGTERM/SIGINT and whose
    /// ``ReadinessService`` then sends `READY=1`.
    static func run(
        _ loaded: LoadedConfiguration, loader: ConfigurationLoader, logLevel: SharedLogLevel, logger: Logger
    ) async throws {
        let configuration = loaded.configuration
        let stateDirectory = try prepareStateDirectory(configuration.stateDirectory)
        // One daemon per state directory, held until the process exits (StateDirectoryLock).
        let stateLock = try StateDirectoryLock.acquire(directory: stateDirectory)
        defer { withExtendedLifetime(stateLock) {} }
        let opened = try await openStore(loaded, stateDirectory: stateDirectory, logger: logger)
        let store = opened.store
        let reachability = StoreReachability()

        let router = try await Router(
            store: store, configuration: loaded.routing, logger: Logger(label: "twowayd.router"))
        // Before anything records a metric: swift-metrics is bootstrapped once.
        let metrics = configuration.metrics.enabled
            ? DaemonMetrics(router: router, store: store, outboxAge: opened.outboxAge, version: version) : nil
        if configuration.carrier.kind == .sandbox, configuration.sandbox.seedDemoPractice,
           await router.allPractices().isEmpty {
            let practice = try await router.addPractice(try SandboxDemoPractice.make())
            logger.notice("sandbox demo practice created", metadata: [
                "event": "sandbox_seeded", "practice": "\(practice.id)", "name": "\(practice.name)",
            ])
        }

        let current = Reloadable(loaded)
        let carrier = await CarrierConnection(loaded, router: router, logger: Logger(label: "twowayd.carrier"))
        let sender = OutboxSender(
            store: store, carrier: carrier, router: router,
            configuration: .init(segmentsPerSecond: configuration.outbox.segmentsPerSecond,
                                 maxAttempts: configuration.outbox.maxAttempts, sharedStore: opened.isShared),
            logger: Logger(label: "twowayd.outbox"),
            logsFullPhoneNumbers: { current.current.configuration.logPhoneNumbers })
        await router.onOutboxChange { sender.wake() }
        let events = eventWebhookSender(store: store, current: current, logger: logger)

        let webhookSettings = Reloadable(WebhookSettings(loaded))
        let media: MediaComponents
        do {
            media = try prepareMedia(stateDirectory: stateDirectory, current: current, store: store, logger: logger)
        } catch {
            await carrier.shutdown()
            throw error
        }
        let routes = WebhookRoutes(
            router: router, store: store, settings: webhookSettings, logger: Logger(label: "twowayd.http"),
            media: media.library, reachability: reachability)

        let sockets = ListenedSockets.take()
        let endpoint: HTTPServer.Endpoint = sockets.descriptors(named: "http").first.map { .adopted(descriptor: $0) }
            ?? .address(host: configuration.http.host, port: configuration.http.port)
        let listenerHealth = ListenerHealth()
        let server: HTTPServer
        do {
            server = try await HTTPServer.bind(
                endpoint, configuration: configuration.http.serverConfiguration(descriptorLimit: DescriptorLimit.current()),
                logger: Logger(label: "twowayd.http"), health: listenerHealth, handler: routes.handle)
        } catch {
            await carrier.shutdown()
            throw StartupError(.init("startup.listen"), "Cannot listen on \(endpoint): \(error)")
        }
        if sockets.descriptors(named: "http").count > 1 {
            logger.warning("systemd passed several sockets named http; only the first is served", metadata: [
                "event": "extra_sockets", "count": "\(sockets.descriptors(named: "http").count)",
            ])
        }
        let status = StatusReporter(router: router, store: store)
        let reloader = ConfigurationReloader(
            loader: loader, file: loaded.file, current: current, logLevel: logLevel, webhookSettings: webhookSettings,
            router: router, carrier: carrier, status: status, logger: Logger(label: "twowayd.reload"))
        // One Accounts for every door: the sign-in throttle is kept in it.
        let accounts = Accounts(store: store, logger: Logger(label: "twowayd.accounts"))
        // PostgreSQL is backed up with PostgreSQL's own tools (Docs/postgresql.md).
        let backups = opened.sqlite.map { sqlite in StateBackup(
            store: sqlite, stateDirectory: stateDirectory,
            mediaDirectory: configuration.media.folder(stateDirectory: stateDirectory), version: version,
            logger: Logger(label: "twowayd.backup")) }
        let control = await bindControlServer(
            sockets: sockets, current: current, router: router, carrier: carrier, reloader: reloader, logger: logger,
            media: media.library, accounts: accounts, health: listenerHealth, backups: backups)
        let apiOperations = Operations(environment: operationsEnvironment(
            current: current, router: router, carrier: carrier, reloader: reloader, media: media.library,
            accounts: accounts, logger: Logger(label: "twowayd.api")))
        let api = await bindStaffAPI(
            sockets: sockets, configuration: configuration, accounts: accounts, operations: apiOperations,
            metrics: metrics?.endpoint, health: listenerHealth, logger: logger,
            platformTokens: PlatformTokens(router: router, lookup: { current.current.credentials.secret(named: $0) }))
        let hangups = await UnixSignalsSequence(trapping: .sighup)

        // Graceful shutdown runs in reverse order: readiness (STOPPING=1) first, then the HTTP
        // server drains, and the outbox sender stops last.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: OutboxService(sender: sender), serviceName: "outbox"),
            .init(service: EventWebhookService(sender: events), serviceName: "event-webhooks"),
            .init(service: media.service, serviceName: "media-downloads"),
            .init(service: SessionReaper(
                router: router,
                interval: { .seconds(current.current.configuration.sessions.reapIntervalSeconds) },
                logger: Logger(label: "twowayd.sessions")), serviceName: "session-reaper"),
            .init(service: ReminderScheduler(
                operations: apiOperations, interval: { .seconds(current.current.configuration.reminders.pollSeconds) },
                logger: Logger(label: "twowayd.reminders")), serviceName: "reminders"),
            .init(service: AppNudgeService(
                router: router, settings: { .init(current.current.configuration.app) },
                quietHours: { current.current.configuration.reminders.rule(for: $0).quietHours },
                logger: Logger(label: "twowayd.app")), serviceName: "unread-app-texts"),
        ]
        if opened.isShared {
            services += [
                .init(service: StoreReachabilityService(
                    store: store, reachability: reachability, logger: Logger(label: "twowayd.database")),
                      serviceName: "database-check"),
                .init(service: PracticeRefreshService(router: router, logger: Logger(label: "twowayd.practices")),
                      serviceName: "practice-refresh"),
                .init(service: ChangeRelayService(store: store, feed: router.events, logger: Logger(label: "twowayd.changes")),
                      serviceName: "change-relay"),
            ]
        }
        if let watchdog = SystemdNotifier.watchdogInterval() {
            services.append(.init(
                service: WatchdogService(
                    timeout: watchdog, router: router, listeners: listenerHealth, logger: Logger(label: "twowayd.watchdog")),
                serviceName: "watchdog"))
        }
        services += [
            .init(service: status, serviceName: "status"),
            .init(service: ReloadService(signals: hangups, reloader: reloader), serviceName: "reload"),
            .init(service: server, serviceName: "http"),
        ]
        if let api {
            services.append(.init(service: api, serviceName: "api"))
        } else if let metrics {
            services.append(.init(service: metrics.standaloneListener(
                host: configuration.metrics.host, port: configuration.metrics.port, logger: Logger(label: "twowayd.metrics")),
                serviceName: "metrics"))
        }
        if let control {
            services.append(.init(service: control, serviceName: "control"))
        }
        services += [
            .init(service: ReadinessService(status: status, logger: logger, startedMetadata: [
                "listen": "\(endpoint)", "http_max_connections": "\(server.configuration.maxConnections)",
                "api": "\(api.map { "\($0.endpoint)" } ?? "none")",
                "control": "\(control.map { "\($0.endpoint)" } ?? "none")", "carrier": "\(configuration.carrier.kind.rawValue)",
                "state_directory": "\(stateDirectory)", "source": "\(loaded.sourceDescription)",
                "log_level": "\(configuration.logLevel.rawValue)",
            ]), serviceName: "readiness"),
        ]
        var groupConfiguration = ServiceGroupConfiguration(services: services, logger: Logger(label: "twowayd.lifecycle"))
        groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint]
        groupConfiguration.cancellationSignals = []
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(20)
        groupConfiguration.maximumCancellationDuration = .seconds(5)

        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            await carrier.shutdown()
            await opened.close()
            throw error
        }
        await carrier.shutdown()
        await opened.close()
        do {
            try await opened.sqlite?.checkpoint()
        } catch {
            logger.warning("database checkpoint at shutdown failed: \(error)", metadata: [
                "event": "checkpoint_failed", "error": "\(error)",
            ])
        }
    }

    /// The control socket: the one systemd passed (fd name `control`), else `control.socketPath`.
    /// A socket that cannot be bound is logged (`event=control_unavailable`) and the daemon runs
    /// without it: webhooks matter more than administration, and running by hand as a normal
    /// user cannot bind under /run.
    static func bindControlServer(
        sockets: ListenedSockets, current: Reloadable<LoadedConfiguration>, router: Router, carrier: CarrierConnection,
        reloader: ConfigurationReloader, logger: Logger, media: MediaLibrary? = nil, accounts: Accounts? = nil,
        health: ListenerHealth = ListenerHealth(), backups: StateBackup? = nil
    ) async -> ControlServer? {
        let configuration = current.current.configuration
        var environment = operationsEnvironment(
            current: current, router: router, carrier: carrier, reloader: reloader, media: media, accounts: accounts,
            logger: Logger(label: "twowayd.control"))
        // Backups are for the machine's administrators: the control socket only.
        environment.backups = backups
        let endpoint: ControlServer.Endpoint = sockets.descriptors(named: "control").first.map { .adopted(descriptor: $0) }
            ?? .path(configuration.control.socketPath)
        do {
            return try await ControlServer.bind(
                endpoint, handler: ControlHandler(environment: environment),
                access: { ControlAccessPolicy(current.current.configuration.control, daemonUID: geteuid()) },
                health: health, logger: Logger(label: "twowayd.control"))
        } catch {
            logger.error("control socket \(endpoint) unavailable, running without it: \(error)", metadata: [
                "event": "control_unavailable", "endpoint": "\(endpoint)", "error": "\(error)",
            ])
            return nil
        }
    }

    /// What the operations act on, for every front door (control socket, staff API).
    static func operationsEnvironment(
        current: Reloadable<LoadedConfiguration>, router: Router, carrier: CarrierConnection,
        reloader: ConfigurationReloader, media: MediaLibrary?, accounts: Accounts?, logger: Logger
    ) -> OperationsEnvironment {
        let configuration = current.current.configuration
        var environment = OperationsEnvironment(
            router: router, version: version, carrierKind: configuration.carrier.kind.rawValue, sandbox: carrier.sandbox,
            // The sandbox assigns from its pool; a Twilio-compatible carrier sells a number that
            // calls our webhooks under the current public URL.
            provisionNumber: configuration.carrier.kind == .sandbox ? ControlEnvironment.sandboxPool
                : ControlEnvironment.carrierProvisioning(
                    through: carrier, publicURL: { current.current.configuration.http.publicURL }),
            porting: { current.current.configuration.porting.policy },
            reload: {
                let outcome = await reloader.reload()
                return ReloadInfo(reloaded: outcome.applied, message: outcome.message)
            },
            logger: logger, media: media, accounts: accounts)
        // App-token keys (P1) are read when a token comes (kept a minute), so a new key needs no restart.
        environment.secret = { current.current.credentials.secret(named: $0) }
        environment.reminderWindow = { current.current.configuration.reminders.rule(for: $0) }
        return environment
    }

    /// Creates the state directory (mode 0750) if missing; returns its absolute path.
    static func prepareStateDirectory(_ path: String) throws -> String {
        let absolute = path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        let standardized = (absolute as NSString).standardizingPath
        do {
            try FileManager.default.createDirectory(
                atPath: standardized, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw StartupError(
                .init("startup.state_directory"),
                "Cannot create the state directory \(standardized): \(error.localizedDescription)")
        }
        return standardized
    }
}
