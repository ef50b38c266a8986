import Carrier
import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Operations
import Routing
@testable import StaffAPI
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// A staff API over a real SQLite store in a temporary directory, a router and the operations
/// layer, with real ``Accounts`` (bcrypt at its minimum cost so tests stay fast) on a clock the
/// test moves. Two practices, A and B, both ready to text.
struct StaffAPIHarness {
    let store: SQLiteStore
    let router: Routing.Router
    let operations: Operations
    let accounts: Accounts
    let api: StaffAPI
    let practiceA: PracticeID
    let practiceB: PracticeID
    let clock: TestClock

    static let password = "correct horse battery"
    static let root = Caller.systemAdministrator(name: "root")

    /// A clock the test moves: session lifetimes, the sign-in throttle, the platform tests'
    /// reminder times.
    final class TestClock: Sendable {
        private let time: Mutex<Date>
        init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { time = Mutex(start) }
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
        func set(_ date: Date) { time.withLock { $0 = date } }
    }

    init(publicURL: String = "http://127.0.0.1:8081", events: ChangeFeed = ChangeFeed()) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let routing = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0")))
        router = try await Routing.Router(store: store, configuration: routing, events: events)
        operations = Operations(environment: OperationsEnvironment(
            router: router, version: "test", carrierKind: "sandbox", sandbox: SandboxCarrier(), provisionNumber: nil))
        practiceA = try await router.addPractice(try Self.practice("Alpha Vet", number: "800-555-1000")).id
        practiceB = try await router.addPractice(try Self.practice("Beta Vet", number: "800-555-1001")).id
        var settings = Accounts.Settings()
        settings.bcryptCost = 4
        let clock = TestClock()
        self.clock = clock
        accounts = Accounts(store: store, settings: settings, logger: Logger(label: "test.accounts", factory: { _ in SwiftLogNoOpLogHandler() }), now: { clock.now })
        api = StaffAPI(accounts: accounts, operations: operations, configuration: .init(publicURL: publicURL))
    }

    static func practice(_ name: String, number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: name, country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }

    /// Adds an account of `practice`.
    @discardableResult
    func addAccount(_ login: String, practice: PracticeID, role: StaffRole = .staff) async throws -> Int64 {
        try await accounts.add(
            practice: practice, login: login, displayName: login.capitalized, role: role, password: Self.password,
            by: Self.root
        ).id
    }

    /// Starts a conversation of `practice` with `phone`, as the system administrator; its id.
    func startConversation(practice: PracticeID, phone: String, title: String) async throws -> Int64 {
        try await operations.startConversation(Self.root, ConversationStartCommand(
            practice: practice.rawValue, staff: "Root", to: phone, title: title, message: "Hello from the clinic.")
        ).conversation
    }

    /// Runs `test` with Hummingbird's in-process client on the API's router.
    func test<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = Application(router: api.makeRouter())
        return try await app.test(.router, test)
    }
}

/// What a sign-in gave: the cookie header to send back and the CSRF token.
struct SignedIn: Sendable {
    var cookie: String
    var csrfToken: String
    var setCookie: String
}

extension TestClientProtocol {
    func signIn(_ login: String, password: String = StaffAPIHarness.password) async throws -> TestResponse {
        try await execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"login": "\#(login)", "password": "\#(password)"}"#))
    }

    /// Signs in and returns the cookie and token; records an issue when the sign-in fails.
    func signedIn(_ login: String) async throws -> SignedIn {
        let response = try await signIn(login)
        let setCookie = response.headers[.setCookie] ?? ""
        let cookie = String(setCookie.prefix { $0 != ";" })
        let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return SignedIn(cookie: cookie, csrfToken: json?["csrfToken"] as? String ?? "", setCookie: setCookie)
    }
}

extension TestResponse {
    /// The `error.code` of a JSON error body.
    var errorCode: String? {
        let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return (json?["error"] as? [String: Any])?["code"] as? String
    }
}
