import Foundation
import Logging
import Operations
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite

/// A temporary SQLite store with two practices and an `Accounts` on a clock the test moves;
/// bcrypt at its minimum cost so tests stay fast.
struct AccountsHarness {
    /// The time `Accounts` sees; starts at a fixed moment.
    final class Clock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    let store: SQLiteStore
    let accounts: Accounts
    let clock = Clock()
    let practiceA: PracticeID
    let practiceB: PracticeID
    static let root = Caller.systemAdministrator(name: "root")
    static let password = "correct horse battery"

    init() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-accounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        practiceA = try await store.createPractice(Self.practice("Practice A")).id
        practiceB = try await store.createPractice(Self.practice("Practice B")).id
        var settings = Accounts.Settings()
        settings.bcryptCost = 4
        let clock = clock
        accounts = Accounts(store: store, settings: settings, logger: Logger(label: "test"), now: { clock.now })
    }

    static func practice(_ name: String) throws -> Practice {
        Practice(id: PracticeID(0), name: name, country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"))
    }

    /// Adds an account as the system administrator and returns the identity it signs in as.
    @discardableResult
    func add(_ login: String, role: StaffRole = .staff, practice: PracticeID? = nil) async throws -> AccountIdentity {
        let info = try await accounts.add(practice: practice ?? practiceA, login: login, displayName: "Name of \(login)",
                                          role: role, password: Self.password, by: Self.root)
        return AccountIdentity(id: info.id, practice: PracticeID(info.practice), role: role, displayName: info.name)
    }
}

/// The code of the `TextingError` that `body` throws, nil when it throws none.
func errorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as TextingError {
        return error.code.rawValue
    } catch {
        return "\(error)"
    }
}
