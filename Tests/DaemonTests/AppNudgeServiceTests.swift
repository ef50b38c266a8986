import Foundation
import Logging
import Synchronization
import Routing
import Testing
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

/// The unread-app text's service: passes on its interval, reads its settings before each wait,
/// and sends one text per unread stretch (P2, P3).
@Suite struct AppNudgeServiceTests {
    /// 2026-12-02 15:00 UTC: 10:00 in New York, 09:00 in Chicago; outside the quiet hours.
    static let start = Date(timeIntervalSince1970: 1_796_223_600)

    /// A router on a hand-moved clock with the sandbox demo practice (app chat and texting on),
    /// and one app conversation holding one unread staff message.
    static func harness() async throws -> (Router, SQLiteStore, MediaTestClock, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.url.appendingPathComponent("twowayd.sqlite").path)
        let clock = MediaTestClock(start)
        let router = try await Router(
            store: store, configuration: RoutingConfiguration(
                contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: AppVersion("1.0.0")!),  // a valid literal
            logger: quietLogger, clock: { clock.now() })
        let practice = try await router.addPractice(try SandboxDemoPractice.make())
        let phone = try PhoneNumber(parsing: "+13125552080")
        try await store.upsertDirectory(practice: practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: practice.id, source: .pms, externalID: "C-80", firstName: "Ada", lastName: "King",
            phones: [phone], app: AppAccount(installed: true, signedIn: true, appVersion: AppVersion("2.0"), chatDisabled: false))])
        let started = try await router.startConversation(practice: practice.id, phone: phone, title: "Luna",
                                                         firstMessage: "Luna's results are in.", staff: "amy")
        #expect(started.channel == .app)
        return (router, store, clock, directory)
    }

    @Test("A pass after the delay sends one text; later passes send no second one")
    func passesSendOnce() async throws {
        let (router, store, clock, directory) = try await Self.harness()
        defer { directory.remove() }
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self)
        let passes = Mutex(0)
        let service = AppNudgeService(
            router: router, settings: { .init(delay: .seconds(900), interval: .seconds(60)) }, logger: quietLogger,
            sleep: { _ in
                passes.withLock { $0 += 1 }
                for await _ in ticks { return }
                throw CancellationError()
            })
        let running = Task { await service.run() }
        defer { running.cancel() }

        tick.yield()  // a pass before the delay: nothing
        clock.advance(by: 16 * 60)
        tick.yield()  // a pass after it: the text
        tick.yield()  // and another: nothing more
        tick.finish()
        await running.value
        #expect(passes.withLock { $0 } >= 3)
        #expect(try await store.outboxDepth() == 1)
    }

    @Test("The settings come from the configuration's app section; 0 minutes turns the text off")
    func settingsFromConfiguration() async throws {
        var app = DaemonConfiguration.AppChannel()
        #expect(app.unreadTextAfterMinutes == 15)
        #expect(app.unreadCheckIntervalSeconds == 60)
        app.unreadTextAfterMinutes = 0
        let settings = AppNudgeService.Settings(app)
        _ = settings.interval
        #expect(settings.delay == .zero)

        let (router, store, clock, directory) = try await Self.harness()
        defer { directory.remove() }
        clock.advance(by: 3600)
        let service = AppNudgeService(router: router, settings: { settings }, logger: quietLogger)
        await service.passOnce(delay: settings.delay)
        #expect(try await store.outboxDepth() == 0)
    }

    @Test("app.* keys are read, checked and named in errors")
    func configurationKeys() throws {
        let loaded = try ConfigurationTests.load(#"{"app": {"unreadTextAfterMinutes": 30, "unreadCheckIntervalSeconds": 10}}"#)
        #expect(loaded.configuration.app.unreadTextAfterMinutes == 30)
        #expect(loaded.configuration.app.unreadCheckIntervalSeconds == 10)
        #expect(ConfigurationTests.error(#"{"app": {"unreadTextAfterMinutes": -1}}"#)?.keyPath == "app.unreadTextAfterMinutes")
        #expect(ConfigurationTests.error(#"{"app": {"unreadCheckIntervalSeconds": 0}}"#)?.keyPath
            == "app.unreadCheckIntervalSeconds")
        #expect(ConfigurationTests.error(#"{"app": {"unreadTextAfter": 5}}"#)?.code == .unknownKey)
    }
}
