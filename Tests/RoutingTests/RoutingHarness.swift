import Foundation
import Synchronization
import Carrier
import Routing
import TextingCore
import TextingStore
import TextingStoreSQLite

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func advance(hours: Double) { current.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
}

/// A router over a real SQLite file in a fresh temporary directory, with one practice whose
/// texting is on and whose conversation hours are Mon–Fri 08:00–18:00 in New York.
struct RoutingHarness {
    static let practiceNumber = SandboxNumberPool.number(at: 0)!  // the pool's first number always exists
    let directory: URL
    let store: SQLiteStore
    let router: Router
    let clock: TestClock
    let practice: Practice

    /// 2026-12-02 was a Wednesday; 15:00 UTC is 10:00 in New York, inside business hours.
    static let wednesdayMorning = Date(timeIntervalSince1970: 1_796_223_600)
    static let wednesdayNight = wednesdayMorning.addingTimeInterval(12 * 3600)

    static func weekdayHours() throws -> ConversationHours {
        let day = [try OpenInterval(parsing: "08:00-18:00")]
        return try ConversationHours(
            timeZoneIdentifier: "America/New_York",
            weekly: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day])
    }

    static func make(
        directory: URL? = nil, start: Date = wednesdayMorning, textingEnabled: Bool = true,
        policy: ContentPolicy? = nil
    ) async throws -> RoutingHarness {
        let dir = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("twowayd-routing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("twowayd.sqlite").path)
        let clock = TestClock(start)
        let configuration = RoutingConfiguration(
            contentPolicy: try policy ?? ContentPolicy.bundledDefault(),
            minimumAppVersion: AppVersion("3.0.0")!)  // a valid literal
        let router = try await Router(store: store, configuration: configuration, clock: { clock.now() })
        let practice: Practice
        if let existing = await router.allPractices().first {
            practice = existing
        } else {
            practice = try await router.addPractice(Practice(
                id: PracticeID(0), name: "Maple Vet", country: .unitedStates,
                timeZone: TimeZone(identifier: "America/New_York")!,  // a zone every tzdata has
                practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                appChatEnabled: true, textingEnabled: textingEnabled, number: .assigned(practiceNumber),
                hours: try weekdayHours()))
        }
        return RoutingHarness(directory: dir, store: store, router: router, clock: clock, practice: practice)
    }

    /// Sends a text from `from` to the practice with a fresh (or given) MessageSid.
    @discardableResult
    func text(_ body: String, from: PhoneNumber, sid: String = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "")) async throws -> InboundOutcome {
        try await router.dispatch(InboundText(from: from, to: Self.practiceNumber, body: body, carrierSID: sid))
    }

    func conversationMessages(_ outcome: InboundOutcome) async throws -> [MessageRecord] {
        guard let id = outcome.conversationID else { return [] }
        return try await store.messages(conversation: id)
    }

    static func client(_ n: Int) -> PhoneNumber {
        PhoneNumber(e164: "+1312555" + String(format: "%04d", 2000 + n))!  // 312-555-2xxx is a valid Chicago number
    }
}

struct Missing: Error, CustomStringConvertible {
    let what: String
    var description: String { "missing \(what)" }
}

extension RoutingHarness {
    /// The stored conversation with `id`; throws when either is missing.
    func conversation(_ id: ConversationID?) async throws -> ConversationRecord {
        guard let id, let record = try await store.conversation(id) else { throw Missing(what: "conversation") }
        return record
    }

    /// The profile a stored conversation points at; throws when it has none.
    func profile(of record: ConversationRecord) async throws -> ClientProfile {
        guard let id = record.clientID, let profile = try await store.profile(id) else { throw Missing(what: "profile") }
        return profile
    }
}
