import Carrier
import Control
import Daemon
import Foundation
import GRDB
import Logging
import Operations
import Routing
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// The control handler over a real SQLite file in a fresh temporary directory, a router, the
/// sandbox carrier and an outbox sender that sends when asked (``deliver()``). Requests go
/// through the JSON protocol exactly as over the socket, one connection for the harness.
final class ControlHarness: Sendable {
    /// 2026-12-02 was a Wednesday; 15:00 UTC is 10:00 in New York, inside business hours.
    static let wednesdayMorning = Date(timeIntervalSince1970: 1_796_223_600)
    static let wednesdayNight = wednesdayMorning.addingTimeInterval(12 * 3600)

    let directory: URL
    let store: SQLiteStore
    let router: Router
    let carrier: SandboxCarrier
    let sender: OutboxSender
    let clock: ManualClock
    let handler: ControlHandler
    let connection = ControlConnection()
    /// The media library the handler uses, when the harness was made with one.
    let media: MediaLibrary?
    private let ids = Mutex(0)

    /// - Parameter makeMedia: builds the handler's media library (R5) over the harness's store,
    ///   clock and directory; nil leaves media out.
    init(
        start: Date = ControlHarness.wednesdayMorning, porting: PortingPolicy = PortingPolicy(),
        provision: ControlEnvironment.NumberProvisioner? = ControlEnvironment.sandboxPool,
        media makeMedia: ((SQLiteStore, ManualClock, URL) throws -> MediaLibrary)? = nil
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let clock = ManualClock(start)
        self.clock = clock
        let configuration = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0")))
        router = try await Router(store: store, configuration: configuration, clock: { clock.now() })
        carrier = SandboxCarrier()
        sender = OutboxSender(store: store, carrier: carrier, router: router,
                              configuration: .init(segmentsPerSecond: 10_000), clock: { clock.now() })
        media = try makeMedia?(store, clock, directory)
        handler = ControlHandler(environment: ControlEnvironment(
            router: router, version: "test", carrierKind: "sandbox", sandbox: carrier,
            provisionNumber: provision, porting: { porting },
            reload: { ReloadInfo(reloaded: true, message: "reloaded") }, media: media,
            accounts: Accounts(store: store, settings: Self.fastAccounts, logger: Logger(label: "test"), now: { clock.now() })))
    }

    /// Production settings but bcrypt at its minimum cost, so tests stay fast.
    static var fastAccounts: Accounts.Settings {
        var settings = Accounts.Settings()
        settings.bcryptCost = 4
        return settings
    }

    /// Sends `command` as a request line and returns the decoded result, or throws the error
    /// body the daemon answered with.
    func call<Command: ControlCommand>(_ command: Command) async throws -> Command.Result {
        let id = ids.withLock { id in
            id += 1
            return id
        }
        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: id, command))
        let answer = await handler.respond(to: line, connection: connection)
        let response = try ControlProtocol.makeDecoder().decode(ControlResponse<Command.Result>.self, from: answer)
        #expect(response.id == id)
        if let error = response.error { throw error }
        return try #require(response.result)
    }

    /// The error a command is refused with; records an issue when it succeeds.
    func refusal<Command: ControlCommand>(
        _ command: Command, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ControlErrorBody {
        do {
            _ = try await call(command)
            Issue.record("\(Command.name) succeeded but should have been refused", sourceLocation: sourceLocation)
            return ControlErrorBody(code: "unexpected.success", message: "")
        } catch let error as ControlErrorBody {
            return error
        } catch {
            Issue.record("\(Command.name) failed with \(error)", sourceLocation: sourceLocation)
            return ControlErrorBody(code: "unexpected.error", message: "\(error)")
        }
    }

    /// Sends a raw line and returns the decoded response envelope (result ignored).
    func raw(_ line: String) async throws -> ControlResponse<EmptyObject> {
        let answer = await handler.respond(to: Data(line.utf8), connection: connection)
        return try ControlProtocol.makeDecoder().decode(ControlResponse<EmptyObject>.self, from: answer)
    }

    /// Sends every due outbox row through the sandbox carrier, then applies the carrier's final
    /// delivery states as its status callbacks would (C3). The sandbox's own callbacks are not
    /// used: they may arrive before the sender stored the carrier's id, which makes tests flaky.
    func deliver() async throws {
        await sender.drainOnce()
        for message in await carrier.allMessages() {
            _ = try await store.updateDelivery(carrierSID: message.sid, state: message.state, errorCode: message.errorCode)
        }
    }

    /// What a client's handset received, oldest first.
    func inbox(_ number: String) async throws -> [String] {
        try await call(SandboxInboxCommand(number: number)).messages.map(\.body)
    }

    /// Rows of the `charge` table of a practice (E7), read straight from the database file.
    func charges(practice: Int64) throws -> [(kind: String, cents: Int)] {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("twowayd.sqlite").path)
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, amount_cents FROM charge WHERE practice_id = ? ORDER BY id",
                             arguments: [practice]).map { ($0["kind"], $0["amount_cents"]) }
        }
    }

    // MARK: - Fixtures

    static let practicePhone = "(312) 555-0100"
    static let emergencyPhone = "312.555.0199"

    /// Adds "Maple Vet" in New York with nothing enabled.
    func addPractice(name: String = "Maple Vet") async throws -> PracticeInfo {
        try await call(PracticeAddCommand(
            name: name, country: "US", timeZone: "America/New_York", practicePhone: Self.practicePhone,
            emergencyPhone: Self.emergencyPhone))
    }

    /// A practice ready to text: app chat on, a number, texting on, weekday hours 08:00-18:00.
    func onboardedPractice(name: String = "Maple Vet") async throws -> PracticeInfo {
        let practice = try await addPractice(name: name)
        _ = try await call(AppChatEnableCommand(practice: practice.id))
        _ = try await call(NumberRequestCommand(practice: practice.id))
        for day in ["monday", "tuesday", "wednesday", "thursday", "friday"] {
            _ = try await call(HoursSetCommand(practice: practice.id, day: day, intervals: ["08:00-18:00"]))
        }
        return try await call(TextingEnableCommand(practice: practice.id))
    }

    static func client(_ n: Int) -> String {
        "+1312555" + String(format: "%04d", 2000 + n)  // 312-555-2xxx: valid Chicago numbers
    }
}

/// A result whose members are not looked at.
struct EmptyObject: Codable, Sendable {}
