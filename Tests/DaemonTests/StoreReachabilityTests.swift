import Foundation
import Synchronization
import Testing
import TextingCore
import TextingStore
import TextingStoreTestKit
@testable import Daemon

/// A store whose database can be made unreachable, as a PostgreSQL server that went away.
final class UnplugableStore: ForwardingStore {
    let base: any MessageStore
    let unplugged = Atomic<Bool>(false)
    /// A check that never answers, as a server that stopped answering without closing.
    let hangs = Atomic<Bool>(false)

    init(base: any MessageStore) { self.base = base }

    struct Unreachable: Error {}

    func checkReachable() async throws {
        if hangs.load(ordering: .relaxed) { try await Task.sleep(for: .seconds(60)) }
        if unplugged.load(ordering: .relaxed) { throw Unreachable() }
    }
}

@Suite("A database that stops answering: /health 503 and webhooks 503, nothing acknowledged unstored (M1, D1)")
struct StoreReachabilityTests {
    static func harness() async throws -> (WebhookHarness, UnplugableStore, WebhookRoutes, StoreReachabilityService) {
        let harness = try await WebhookHarness.make()
        let store = UnplugableStore(base: harness.store)
        let reachability = StoreReachability()
        let routes = WebhookRoutes(router: harness.router, store: store, settings: harness.settings,
                                   logger: harness.logs.logger(), reachability: reachability)
        let service = StoreReachabilityService(store: store, reachability: reachability, timeout: .milliseconds(300),
                                               logger: harness.logs.logger())
        return (harness, store, routes, service)
    }

    @Test("unreachable: /health answers 503 and an inbound text 503 with nothing stored; back: 200 and stored")
    func unreachableThenBack() async throws {
        let (harness, store, routes, service) = try await Self.harness()
        #expect(await routes.handle(HTTPRequest(method: "GET", path: "/health")).status == 200)

        store.unplugged.store(true, ordering: .relaxed)
        await service.checkOnce()
        #expect(await routes.handle(HTTPRequest(method: "GET", path: "/health")).status == 503)
        let refused = await routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMunreachable1")))
        #expect(refused.status == 503)
        #expect(try await harness.inboundMessages().isEmpty)
        #expect(harness.logs.events("database_unreachable").count == 1)

        store.unplugged.store(false, ordering: .relaxed)
        await service.checkOnce()
        #expect(await routes.handle(HTTPRequest(method: "GET", path: "/health")).status == 200)
        // The carrier's retry of the same text is stored now, once.
        let stored = await routes.handle(harness.post("/twilio/sms", WebhookHarness.inboundForm(sid: "SMunreachable1")))
        #expect(stored.status == 200)
        #expect(try await harness.inboundMessages().map(\.carrierSID) == ["SMunreachable1"])
        #expect(harness.logs.events("database_reachable").count == 1)
    }

    @Test("a check that does not answer within its timeout counts as unreachable")
    func hangingCheck() async throws {
        let (_, store, routes, service) = try await Self.harness()
        store.hangs.store(true, ordering: .relaxed)
        let started = ContinuousClock.now
        await service.checkOnce()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await routes.handle(HTTPRequest(method: "GET", path: "/health")).status == 503)
    }
}
