import Carrier
import Control
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Operations
import Routing
@testable import StaffAPI
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// The practice platform's API (issue 13): its bearer token per practice, the directory by API
/// (R3, E8, S2, A5 as the CSV import), reminders with an idempotency key (E5, O2) and quiet
/// hours (Q1), held reminders sent by the scheduler's operation, also after a restart.
struct PlatformTestbed {
    let directory: URL
    let store: SQLiteStore
    let router: Routing.Router
    let operations: Operations
    let api: StaffAPI
    let practiceA: PracticeID
    let practiceB: PracticeID
    /// One clock for routing and the reminder requests, moved by the test.
    let clock: StaffAPIHarness.TestClock
    static let tokenA = "token-of-practice-a-0123456789"
    static let tokenB = "token-of-practice-b-9876543210"

    /// Practices A (holding reminders on closed days, closed on 2026-12-25) and B, both in New
    /// York; `directory` reopens an earlier testbed's database (a restart).
    init(at start: Date, directory reuse: URL? = nil) async throws {
        directory = reuse ?? FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-platform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let clock = StaffAPIHarness.TestClock(start)
        self.clock = clock
        let routing = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0")))
        router = try await Routing.Router(store: store, configuration: routing, clock: { clock.now })
        if reuse == nil {
            var alpha = try Self.practice("Alpha Vet", number: "800-555-1000")
            alpha.hours = try ConversationHours(timeZone: alpha.timeZone, exceptions: [LocalDate(year: 2026, month: 12, day: 25): .closed])
            practiceA = try await router.addPractice(alpha).id
            practiceB = try await router.addPractice(try Self.practice("Beta Vet", number: "800-555-1001")).id
        } else {
            let practices = await router.allPractices().map(\.id).sorted()
            practiceA = practices[0]
            practiceB = practices[1]
        }
        let holdA = practiceA
        var environment = OperationsEnvironment(
            router: router, version: "test", carrierKind: "sandbox", sandbox: SandboxCarrier(), provisionNumber: nil,
            logger: Logger(label: "test.platform", factory: { _ in SwiftLogNoOpLogHandler() }))
        environment.now = { clock.now }
        environment.reminderWindow = { ReminderWindow(holdOnClosedDays: $0 == holdA) }
        operations = Operations(environment: environment)
        let secrets = [
            PlatformTokens.secretName(practiceA): Self.tokenA, PlatformTokens.secretName(practiceB): Self.tokenB,
        ]
        var limits = LoginThrottle.Limits()
        limits.perLogin = 3
        let tokens = PlatformTokens(router: router, lookup: { secrets[$0] }, limits: limits, now: { clock.now })
        let accounts = Accounts(store: store, logger: Logger(label: "test.accounts", factory: { _ in SwiftLogNoOpLogHandler() }))
        api = StaffAPI(accounts: accounts, operations: operations, configuration: .init(), platformTokens: tokens)
    }

    static func practice(_ name: String, number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: name, country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/New_York"),
                 practicePhone: try PhoneNumber(parsing: "212-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "212-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }

    static func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    func test<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: api.makeRouter()).test(.router, test)
    }
}

extension TestClientProtocol {
    /// A platform request with `token` (none when nil).
    func platform(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, key: String? = nil, _ body: String
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }  // a valid field name
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    /// The `error.message` of a JSON error body (empty when there is none).
    var errorMessage: String {
        ((json["error"] as? [String: Any])?["message"] as? String) ?? ""
    }
}

@Suite struct PlatformAPITests {
    static let tenAM = "2026-06-10T10:00:00-04:00"

    @Test("platform token: missing, wrong and malformed tokens get 401 auth.platform_token; repeated failures 429")
    func tokenRefusals() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let body = #"{"phone": "212-555-0142", "body": "Rex is due.", "kind": "reminder"}"#
            let missing = try await client.platform(.post, "/api/v1/reminders", token: nil, key: "k1", body)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "auth.platform_token")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.platform(.post, "/api/v1/reminders", token: "nope", key: "k1", body)
            #expect(wrong.status == .unauthorized)
            let basic = try await client.execute(
                uri: "/api/v1/reminders", method: .post, headers: [.authorization: "Basic \(PlatformTestbed.tokenA)"],
                body: ByteBuffer(string: body))
            #expect(basic.status == .unauthorized)
            // Three failures from the address: the right token is now slowed down too.
            let throttled = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "k1", body)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "auth.throttled")
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }

    @Test("platform token: a session cookie is no token; the staff routes still need a session")
    func sessionIsNoToken() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let put = try await client.execute(
                uri: "/api/v1/clients/P-1", method: .put, headers: [.cookie: "twowayd_session=x", .contentType: "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(put.status == .unauthorized)
            #expect(put.errorCode == "auth.platform_token")
            let get = try await client.execute(
                uri: "/api/v1/clients/1", method: .get, headers: [.authorization: "Bearer \(PlatformTestbed.tokenA)"])
            #expect(get.errorCode == "auth.not_signed_in")
        }
    }

    @Test("W2: a practice's token stores clients in its own practice only, and another's reminders are not its")
    func tokenDecidesPractice() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let put = try await client.platform(.put, "/api/v1/clients/P-7", token: PlatformTestbed.tokenB,
                                                #"{"firstName": "Ann", "lastName": "Lee", "phones": ["212-555-0177"]}"#)
            #expect(put.status == .created)
            let key = "same-key"
            let body = #"{"phone": "212-555-0177", "body": "Rex is due.", "kind": "reminder"}"#
            let first = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: key, body)
            #expect(first.status == .ok)
            // The same key in another practice is another request.
            let other = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenB, key: key, body)
            #expect(other.status == .ok)
            #expect(other.json["id"] as? Int != first.json["id"] as? Int)
        }
        #expect(try await testbed.store.directoryClient(practice: testbed.practiceA, externalID: "P-7") == nil)
        #expect(try await testbed.store.directoryClient(practice: testbed.practiceB, externalID: "P-7") != nil)
    }

    @Test("PUT client: 201 created, 200 updated, with the CSV import's rules (R3, E8, S2, A5) naming the field")
    func putClient() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let token = PlatformTestbed.tokenA
            let created = try await client.platform(.put, "/api/v1/clients/PMS-1", token: token, #"""
                {"firstName": "Maria", "lastName": "Lopez", "email": "maria@example.com", "phones": ["(312) 555-0142", "+1 312 555 0142"],
                 "app": {"installed": true, "signedIn": true, "appVersion": "3.2.0"}}
                """#)
            #expect(created.status == .created)
            #expect(created.json["lastName"] as? String == "Lopez")
            let updated = try await client.platform(.put, "/api/v1/clients/PMS-1", token: token,
                                                    #"{"firstName": "Maria", "lastName": "Lopez-Diaz", "phones": ["312.555.0142"]}"#)
            #expect(updated.status == .ok)
            #expect(updated.json["lastName"] as? String == "Lopez-Diaz")
            let jamaica = try await client.platform(.put, "/api/v1/clients/PMS-2", token: token, #"{"phones": ["876-555-0100"]}"#)
            #expect(jamaica.status == .unprocessableContent)
            #expect(jamaica.errorCode == "directory.invalid_client")
            #expect(jamaica.errorMessage.contains("phones 1 of 1"))
            let email = try await client.platform(.put, "/api/v1/clients/PMS-2", token: token, #"{"email": "a@b@c"}"#)
            #expect(email.status == .unprocessableContent)
            #expect(email.errorMessage.hasPrefix("email"))
            let version = try await client.platform(.put, "/api/v1/clients/PMS-2", token: token, #"{"app": {"appVersion": "new"}}"#)
            #expect(version.errorMessage.hasPrefix("appVersion"))
            // The path's PMS id is percent-decoded, then held to the CSV import's rules.
            let spaced = try await client.platform(.put, "/api/v1/clients/PMS%207", token: token,
                                                   #"{"lastName": "Okafor", "phones": ["(312) 555-0177"]}"#)
            #expect(spaced.status == .created)
            #expect(spaced.json["externalId"] as? String == "PMS 7")
            let nul = try await client.platform(.put, "/api/v1/clients/PMS%00-8", token: token, #"{"lastName": "Okafor"}"#)
            #expect(nul.status == .unprocessableContent)
            #expect(nul.errorMessage.contains("control character"))
            let long = try await client.platform(.put, "/api/v1/clients/" + String(repeating: "P", count: 201), token: token,
                                                 #"{"lastName": "Okafor"}"#)
            #expect(long.status == .unprocessableContent)
            #expect(long.errorMessage.contains("longer than 200 characters"))
            let json = try await client.platform(.put, "/api/v1/clients/PMS-2", token: token, #"{"phones": "212"}"#)
            #expect(json.status == .badRequest)
            #expect(json.errorCode == "request.invalid_json")
        }
        let stored = try #require(try await testbed.store.directoryClient(practice: testbed.practiceA, externalID: "PMS-1"))
        #expect(stored.phones.map(\.e164) == ["+13125550142"])
        #expect(stored.app == nil)  // the update sent no app state
        #expect(stored.email == nil)
    }

    @Test("E5, A6: a reminder at 10:00 to a New York client is sent at once from the practice's number; a repeat returns it unchanged and sends nothing; the reply carries it")
    func reminderAtOnce() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let body = #"{"phone": "212-555-0142", "body": "Rex is due for his rabies shot.", "kind": "reminder", "pmsClientId": "P-1"}"#
            let first = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "r-1", body)
            #expect(first.status == .ok)
            #expect(first.json["status"] as? String == "sent")
            #expect(first.json["scheduledFor"] as? String == "2026-06-10T10:00:00-04:00")
            #expect(first.json["timeZone"] as? String == "America/New_York")
            let message = try #require(first.json["messageId"] as? Int)
            let again = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "r-1", body)
            #expect(again.status == .ok)
            #expect(String(buffer: again.body) == String(buffer: first.body))
            let changed = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "r-1",
                                                    #"{"phone": "212-555-0142", "body": "Another text.", "kind": "reminder"}"#)
            #expect(changed.status == .unprocessableContent)
            #expect(changed.errorCode == "idempotency.conflict")
            let stored = try #require(try await testbed.store.message(MessageID(rawValue: Int64(message))))
            #expect(stored.body == "Rex is due for his rabies shot.")
        }
        // One text only, whatever the repeats.
        let phone = try PhoneNumber(parsing: "212-555-0142")
        let sent = try await testbed.store.messagesOutsideConversations(practice: testbed.practiceA)
            .filter { $0.phone == phone && $0.direction == .outbound }
        #expect(sent.map(\.body) == ["Rex is due for his rabies shot."])
        // A6: the client's reply an hour later carries the reminder as its context.
        testbed.clock.set(try PlatformTestbed.at("2026-06-10T11:00:00-04:00"))
        let reply = try await testbed.router.dispatch(InboundText(
            from: phone, to: try PhoneNumber(parsing: "800-555-1000"), body: "Can we come Friday?", carrierSID: "SMplatformA6"))
        let replyID = try #require(reply.messageID)
        let stored = try #require(try await testbed.store.message(replyID))
        #expect(stored.reminderContext?.body == "Rex is due for his rabies shot.")
    }

    @Test("Idempotency-Key: required, at most 255 printable ASCII characters; kind and body checked")
    func requestChecks() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let body = #"{"phone": "212-555-0142", "body": "Rex is due.", "kind": "reminder"}"#
            let token = PlatformTestbed.tokenA
            #expect(try await client.platform(.post, "/api/v1/reminders", token: token, body).errorCode == "request.idempotency_key")
            let long = String(repeating: "k", count: 256)
            #expect(try await client.platform(.post, "/api/v1/reminders", token: token, key: long, body).errorCode
                == "request.idempotency_key")
            let kind = try await client.platform(.post, "/api/v1/reminders", token: token, key: "k2",
                                                 #"{"phone": "212-555-0142", "body": "Rex is due.", "kind": "promo"}"#)
            #expect(kind.status == .unprocessableContent)
            #expect(kind.errorCode == "reminder.invalid")
            let phone = try await client.platform(.post, "/api/v1/reminders", token: token, key: "k3",
                                                  #"{"phone": "+44 20 7946 0958", "body": "Rex is due.", "kind": "reminder"}"#)
            #expect(phone.errorCode == "reminder.invalid")
        }
    }

    @Test("O2: a reminder to a number that texted STOP is refused with the reason, and a repeat refuses the same way")
    func optedOut() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        _ = try await testbed.operations.setSubscription(
            .systemAdministrator(name: "root"),
            SubscriptionSetCommand(practice: testbed.practiceA.rawValue, staff: "Root", phone: "212-555-0142", reminders: false))
        try await testbed.test { client in
            let body = #"{"phone": "212-555-0142", "body": "Rex is due.", "kind": "reminder"}"#
            let first = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "o-1", body)
            #expect(first.status == .unprocessableContent)
            #expect(first.errorCode == "reminder.opted_out")
            let again = try await client.platform(.post, "/api/v1/reminders", token: PlatformTestbed.tokenA, key: "o-1", body)
            #expect(String(buffer: again.body) == String(buffer: first.body))
        }
    }

    @Test("Q1: 06:30 New York for a Los Angeles client is held until 08:00 Los Angeles time and sent then by the scheduler")
    func heldThenSent() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at("2026-06-10T06:30:00-04:00"))
        let info = try await testbed.operations.requestReminder(
            PlatformCaller(practice: testbed.practiceA), key: "h-1",
            PlatformReminderRequest(phone: "213-555-0142", body: "Bella's appointment is tomorrow at 9.", kind: "confirmation"))
        #expect(info.status == "scheduled")
        #expect(info.scheduledFor == "2026-06-10T08:00:00-07:00")
        #expect(info.timeZone == "America/Los_Angeles")
        #expect(info.messageId == nil)
        // Not yet at 10:59 New York time.
        testbed.clock.set(try PlatformTestbed.at("2026-06-10T10:59:00-04:00"))
        #expect(try await testbed.operations.sendDueReminders() == 0)
        testbed.clock.set(try PlatformTestbed.at("2026-06-10T11:00:00-04:00"))
        #expect(try await testbed.operations.sendDueReminders() == 1)
        #expect(try await testbed.operations.sendDueReminders() == 0)
        let stored = try #require(try await testbed.store.reminderRequest(practice: testbed.practiceA, key: "h-1"))
        #expect(stored.state == .sent)
        let messageID = try #require(stored.messageID)
        let message = try #require(try await testbed.store.message(messageID))
        #expect(message.body == "Bella's appointment is tomorrow at 9.")
        // A repeat still answers the first answer: scheduled for 08:00 Los Angeles time.
        let again = try await testbed.operations.requestReminder(
            PlatformCaller(practice: testbed.practiceA), key: "h-1",
            PlatformReminderRequest(phone: "213-555-0142", body: "Bella's appointment is tomorrow at 9.", kind: "confirmation"))
        #expect(again == info)
    }

    @Test("Q1: a New York client at 22:30 waits for 08:00 New York time across the November change; it survives a restart")
    func heldAcrossRestart() async throws {
        let first = try await PlatformTestbed(at: PlatformTestbed.at("2026-10-31T22:30:00-04:00"))
        let info = try await first.operations.requestReminder(
            PlatformCaller(practice: first.practiceB), key: "n-1",
            PlatformReminderRequest(phone: "212-555-0142", body: "Rex is due.", kind: "reminder"))
        #expect(info.scheduledFor == "2026-11-01T08:00:00-05:00")
        // The daemon stops; a new one opens the same database after the window opened.
        let second = try await PlatformTestbed(at: PlatformTestbed.at("2026-11-01T08:00:00-05:00"), directory: first.directory)
        #expect(try await second.operations.sendDueReminders() == 1)
        let stored = try #require(try await second.store.reminderRequest(practice: second.practiceB, key: "n-1"))
        #expect(stored.state == .sent)
    }

    @Test("Q1: a claim left by a daemon killed after the send is marked, not sent twice")
    func claimAfterCrash() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at("2026-06-10T22:30:00-04:00"))
        _ = try await testbed.operations.requestReminder(
            PlatformCaller(practice: testbed.practiceB), key: "c-1",
            PlatformReminderRequest(phone: "212-555-0142", body: "Rex is due.", kind: "reminder"))
        let morning = try PlatformTestbed.at("2026-06-11T08:00:00-04:00")
        testbed.clock.set(morning)
        // A daemon claims it and texts it, then dies before marking it.
        let claimed = try await testbed.store.claimDueReminders(now: morning, leaseUntil: morning.addingTimeInterval(120), limit: 10)
        #expect(claimed.count == 1)
        let phone = try PhoneNumber(parsing: "212-555-0142")
        let sent = try #require(try await testbed.router.sendReminder(practice: testbed.practiceB, phone: phone, body: "Rex is due."))
        // Within the lease nobody takes it; after it, the next sender finds the text and marks it.
        #expect(try await testbed.operations.sendDueReminders() == 0)
        testbed.clock.set(morning.addingTimeInterval(121))
        #expect(try await testbed.operations.sendDueReminders() == 1)
        let stored = try #require(try await testbed.store.reminderRequest(practice: testbed.practiceB, key: "c-1"))
        #expect(stored.state == .sent)
        #expect(stored.messageID == sent)
        let messages = try await testbed.store.messagesOutsideConversations(practice: testbed.practiceB)
        #expect(messages.filter { $0.body == "Rex is due." }.count == 1)
    }

    @Test("Q1: two requests (two keys) of the same text to one number, held until the same morning, are both sent")
    func twoIdenticalRequests() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at("2026-06-10T22:30:00-04:00"))
        for key in ["d-1", "d-2"] {
            _ = try await testbed.operations.requestReminder(
                PlatformCaller(practice: testbed.practiceB), key: key,
                PlatformReminderRequest(phone: "212-555-0142", body: "Rex is due.", kind: "reminder"))
        }
        testbed.clock.set(try PlatformTestbed.at("2026-06-11T08:00:00-04:00"))
        #expect(try await testbed.operations.sendDueReminders() == 2)
        let first = try #require(try await testbed.store.reminderRequest(practice: testbed.practiceB, key: "d-1"))
        let second = try #require(try await testbed.store.reminderRequest(practice: testbed.practiceB, key: "d-2"))
        #expect(first.messageID != nil && second.messageID != nil && first.messageID != second.messageID)
    }

    @Test("Q1: on the practice's closed day (configured) a reminder waits for the next open morning; O2 is checked again at send time")
    func closedDayAndRecheck() async throws {
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at("2026-12-25T10:00:00-05:00"))
        let caller = PlatformCaller(practice: testbed.practiceA)
        let info = try await testbed.operations.requestReminder(
            caller, key: "x-1", PlatformReminderRequest(phone: "212-555-0142", body: "Rex is due.", kind: "reminder"))
        #expect(info.scheduledFor == "2026-12-26T08:00:00-05:00")
        _ = try await testbed.operations.setSubscription(
            .systemAdministrator(name: "root"),
            SubscriptionSetCommand(practice: testbed.practiceA.rawValue, staff: "Root", phone: "212-555-0142", reminders: false))
        testbed.clock.set(try PlatformTestbed.at("2026-12-26T08:00:00-05:00"))
        #expect(try await testbed.operations.sendDueReminders() == 1)
        let stored = try #require(try await testbed.store.reminderRequest(practice: testbed.practiceA, key: "x-1"))
        #expect(stored.state == .refused)
        #expect(stored.refusalCode == "reminder.opted_out")
        #expect(stored.messageID == nil)
    }

    @Test("OpenAPI: the served document has the platform routes with the bearer scheme, and every platform route is in it")
    func openAPI() async throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.served(platform: true).utf8)) as? [String: Any])
        let paths = try #require(json["paths"] as? [String: [String: Any]])
        for route in PlatformRoutes.routes {
            #expect(paths["/api/v1/" + route.path]?[route.method.rawValue.lowercased()] != nil, "\(route)")
        }
        // The staff operations of the same path are kept.
        #expect(paths["/api/v1/clients/{id}"]?["get"] != nil)
        #expect(paths["/api/v1/clients/{id}"]?["patch"] != nil)
        let schemes = (json["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        #expect(schemes?["platformToken"] != nil)
        #expect(schemes?["session"] != nil)
        // Without the platform API the document is the staff API's alone.
        #expect(OpenAPIDocument.served(platform: false) == OpenAPIDocument.json)
        // And it is what the router serves.
        let testbed = try await PlatformTestbed(at: PlatformTestbed.at(Self.tenAM))
        try await testbed.test { client in
            let served = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(String(buffer: served.body) == OpenAPIDocument.served(platform: true))
        }
    }
}
