import Foundation
import Logging
@testable import Routing
import Testing
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

@Suite struct ConfigurationReloaderTests {
    struct Fixture {
        let directory: TemporaryDirectory
        let file: String
        let reloader: ConfigurationReloader
        let current: Reloadable<LoadedConfiguration>
        let level: SharedLogLevel
        let settings: Reloadable<WebhookSettings>
        let router: Router
        let logs: LogCapture
    }

    static func make(_ json: String) async throws -> Fixture {
        let directory = try TemporaryDirectory()
        let file = try directory.write("twowayd.json", json)
        let loader = ConfigurationLoader(explicitPath: file, environment: [:], isRoot: false)
        let loaded = try loader.load()
        let store = try SQLiteStore(path: directory.url.appendingPathComponent("twowayd.sqlite").path)
        let router = try await Router(store: store, configuration: loaded.routing, logger: quietLogger)
        let current = Reloadable(loaded)
        let level = SharedLogLevel(loaded.configuration.logLevel)
        let settings = Reloadable(WebhookSettings(loaded))
        let logs = LogCapture()
        let reloader = ConfigurationReloader(
            loader: loader, file: file, current: current, logLevel: level, webhookSettings: settings, router: router,
            carrier: nil, status: StatusReporter(router: router, store: store), logger: logs.logger())
        return Fixture(directory: directory, file: file, reloader: reloader, current: current, level: level,
                       settings: settings, router: router, logs: logs)
    }

    @Test func reloadAppliesLogLevelPolicyAndRoutingSettings() async throws {
        let fixture = try await Self.make(#"{"logLevel": "info"}"#)
        defer { fixture.directory.remove() }
        try fixture.directory.write("policy.json", #"{"rules": [{"id": "zz", "name": "Z", "action": "block", "terms": ["zork"]}]}"#)
        try fixture.directory.write("twowayd.json", """
            {"logLevel": "debug", "contentPolicyFile": "policy.json", "logPhoneNumbers": true,
             "minimumAppVersion": "4.2", "sessions": {"idleTimeoutSeconds": 30}, "http": {"port": 9999}}
            """)
        #expect(await fixture.reloader.reload().applied)
        #expect(fixture.level.level == .debug)
        #expect(fixture.settings.current.phoneFormat.showsFullNumbers)
        #expect(fixture.current.current.contentPolicy.rules.map(\.id) == ["zz"])
        let routing = fixture.router.configuration
        #expect(routing.contentPolicy.rules.map(\.id) == ["zz"])
        #expect(routing.minimumAppVersion == AppVersion("4.2"))
        #expect(routing.sessionIdleTimeout == .seconds(30))

        let entry = try #require(fixture.logs.events("reload").first)
        #expect(entry.metadata["log_level"] == "debug")
        #expect(entry.metadata["restart_needed"] == "http.port")
    }

    @Test func brokenFileKeepsTheRunningConfiguration() async throws {
        let fixture = try await Self.make(#"{"logLevel": "warning"}"#)
        defer { fixture.directory.remove() }
        try fixture.directory.write("twowayd.json", "{ \"logLevel\": \"debug\", \n")
        let outcome = await fixture.reloader.reload()
        #expect(!outcome.applied)
        #expect(outcome.message.contains("config.malformed_json"))
        #expect(fixture.level.level == .warning)
        #expect(fixture.current.current.configuration.logLevel == .warning)
        let entry = try #require(fixture.logs.events("reload_failed").first)
        #expect(entry.metadata["code"] == "config.malformed_json")
        #expect(fixture.logs.events("reload").isEmpty)
    }
}
