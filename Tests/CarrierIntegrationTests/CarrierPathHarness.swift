import Carrier
import CarrierTestKit
import Foundation
import Logging
import Routing
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

/// One "life" of the daemon's carrier path, wired as `twowayd` wires it in twilio mode but in
/// this process: the SQLite file `twowayd.sqlite` in `directory`, a router, a ``TwilioClient``
/// pointed at the fake carrier, an ``OutboxSender`` and the signed ``WebhookRoutes``.
///
/// A second harness on the same directory is the daemon after a restart. Dropping a harness
/// without ``shutdown()`` is a kill as far as the database is concerned (nothing is flushed
/// or checkpointed); only the HTTP client is closed, which a dying process does not need but
/// this one does.
final class CarrierPathHarness: Sendable {
    let directory: URL
    let store: SQLiteStore
    let router: Router
    let client: TwilioClient
    let sender: OutboxSender
    let routes: WebhookRoutes
    private let running = Mutex<Task<Void, Never>?>(nil)

    /// Fast retries for tests; pacing as given.
    static func senderConfiguration(segmentsPerSecond: Double = 1000, maxAttempts: Int = 10) -> OutboxSender.Configuration {
        .init(segmentsPerSecond: segmentsPerSecond, baseRetryDelay: .milliseconds(50), maxRetryDelay: .milliseconds(200),
              maxAttempts: maxAttempts, pollInterval: .milliseconds(20))
    }

    init(
        fake: FakeCarrierServer, directory: URL,
        sender configuration: OutboxSender.Configuration = CarrierPathHarness.senderConfiguration()
    ) async throws {
        self.directory = directory
        store = try SQLiteStore(path: directory.appendingPathComponent(TwowayDaemon.databaseFileName).path)
        router = try await Router(
            store: store,
            configuration: RoutingConfiguration(
                contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try IntegrationSupport.version("1.0.0")),
            logger: quietLogger)
        client = TwilioClient(configuration: TwilioClient.Configuration(
            accountSID: IntegrationSupport.accountSID, authToken: IntegrationSupport.authToken,
            statusCallbackBaseURL: IntegrationSupport.publicURL, apiBaseURL: fake.baseURL,
            requestTimeout: .seconds(5), connectTimeout: .seconds(2)))
        sender = OutboxSender(store: store, carrier: client, router: router, configuration: configuration, logger: quietLogger)
        let sender = self.sender
        await router.onOutboxChange { sender.wake() }
        routes = WebhookRoutes(
            router: router, store: store,
            settings: Reloadable(WebhookSettings(
                requiresSignature: true, authToken: IntegrationSupport.authToken, publicURL: IntegrationSupport.publicURL,
                phoneFormat: PhoneLogFormat(showsFullNumbers: false))),
            logger: quietLogger)
    }

    /// Closes the HTTP client (and stops the sender if it runs). The database is left as is.
    func shutdown() async {
        await stopSender()
        await client.shutdown()
    }

    // MARK: - Practices and messages

    /// Adds a practice texting from `number`, open at all hours.
    @discardableResult
    func addPractice(_ k: Int, number: PhoneNumber) async throws -> Practice {
        try await router.addPractice(Practice(
            id: PracticeID(0), name: "Practice \(k)", country: .unitedStates,
            timeZone: TimeZone(identifier: "America/New_York") ?? .gmt,
            practicePhone: try IntegrationSupport.number("+13125550100"),
            emergencyPhone: try IntegrationSupport.number("+13125550199"),
            appChatEnabled: true, textingEnabled: true, number: .assigned(number)))
    }

    /// Queues a reminder (E5) and returns its message id.
    func queueReminder(practice: PracticeID, to phone: PhoneNumber, body: String) async throws -> MessageID {
        guard let id = try await router.sendReminder(practice: practice, phone: phone, body: body) else {
            throw HarnessError(message: "the reminder to \(phone.e164) was not queued")
        }
        return id
    }

    /// The stored message with `id`.
    func message(_ id: MessageID) async throws -> MessageRecord {
        guard let record = try await store.message(id) else {
            throw HarnessError(message: "message \(id) is not stored")
        }
        return record
    }

    // MARK: - The sender

    /// Starts ``OutboxSender/run()`` in the background, as the daemon's outbox service does.
    func startSender() {
        let sender = self.sender
        running.withLock { task in
            task?.cancel()
            task = Task { await sender.run() }
        }
    }

    /// Cancels the running sender, as a graceful shutdown does, and waits for it to stop.
    func stopSender() async {
        let task = running.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Runs the sender until `condition` holds; false when `timeout` passed first.
    func send(timeout: Duration = .seconds(10), until condition: () async throws -> Bool) async throws -> Bool {
        startSender()
        let met = try await IntegrationSupport.eventually(timeout: timeout, condition)
        await stopSender()
        return met
    }

    // MARK: - Webhooks

    /// POSTs `fields` to `target` (path and query) through the routes, signed for
    /// `<signedBase><target>` with `token`, or unsigned when `signedBase` is nil.
    func post(
        _ target: String, _ fields: [FormParameters.Field], signedBase: String? = IntegrationSupport.publicURL,
        token: String = IntegrationSupport.authToken, body: [UInt8]? = nil
    ) async -> HTTPResponse {
        var headers: HTTPFields = ["Content-Type": "application/x-www-form-urlencoded"]
        if let signedBase {
            headers.append(
                name: TwilioSignature.headerName,
                value: IntegrationSupport.signature(url: signedBase + target, fields: fields, token: token))
        }
        return await routes.handle(HTTPRequest(
            method: "POST", uri: target, headers: headers, body: body ?? IntegrationSupport.encode(fields)))
    }
}

/// A harness step that could not be carried out.
struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { "harness: \(message)" }
}
