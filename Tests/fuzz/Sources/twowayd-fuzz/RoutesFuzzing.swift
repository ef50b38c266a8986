import Dispatch
import Foundation
import GRDB
import Logging
import Routing
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

/// The webhook routes end to end: a form body and headers through `WebhookRoutes.handle`, the
/// real router and a SQLite store (in `/dev/shm` when there is one, removed at exit), as the
/// HTTP server hands them over.
///
/// Input: byte 0 picks the route (bits 0-1: `/twilio/sms` twice as often as `/twilio/status`
/// and `/twilio/voice`), whether the carrier signs (bit 2: Twilio mode, the body signed by
/// `TwilioSignature`) and whether a second signature header is added (bit 3); the rest is the
/// body. Properties: no trap; the answer is 200, 400 or 403 (a 503 would mean the store
/// refused what the route let through); with two signature headers and a well-formed body it
/// is 403 (a malformed body is 400 before any signature check); and a 200 for an
/// inbound text whose MessageSid was not accepted before means SQLite holds exactly one message
/// with that sid, byte for byte, and its body byte for byte as posted (issue 11, defect 3).
enum RoutesFuzzing {
    static func run(_ bytes: [UInt8]) {
        guard let flags = bytes.first else { return }
        let body = Array(bytes.dropFirst())
        let path = switch flags & 3 {
        case 2: WebhookRoutes.deliveryStatusPath
        case 3: WebhookRoutes.voicePath
        default: WebhookRoutes.inboundTextPath
        }
        let signed = flags & 4 != 0
        let twoSignatures = signed && flags & 8 != 0
        let harness = RouteHarness.shared
        var headers: HTTPFields = ["Content-Type": "application/x-www-form-urlencoded"]
        if signed {
            let fields = (try? FormParameters(decoding: body))?.fields ?? []
            let signature = TwilioSignature.signature(
                url: RouteHarness.publicURL + path, fields: fields, authToken: RouteHarness.authToken)
            headers.append(name: TwilioSignature.headerName, value: signature)
            if twoSignatures { headers.append(name: TwilioSignature.headerName, value: signature) }
        }
        let request = HTTPRequest(method: "POST", uri: path, headers: headers, body: body)
        let routes = signed ? harness.signedRoutes : harness.routes
        let response = blocking { await routes.handle(request) }

        guard [200, 400, 403].contains(response.status) else {
            violated("answers are 200, 400 or 403", "\(response.status) for \(path): \(response.bodyText)")
        }
        let wellFormed = (try? FormParameters(decoding: body)) != nil
        if twoSignatures && wellFormed && response.status != 403 {
            violated("two signature headers are refused", "\(response.status)")
        }
        if signed && !twoSignatures && response.status == 403 {
            violated("a body signed once is not refused as unsigned", response.bodyText)
        }
        guard path == WebhookRoutes.inboundTextPath, response.status == 200 else { return }
        guard let form = try? FormParameters(decoding: body), let message = try? TwilioInboundMessage(form: form) else {
            violated("a text answered 200 parses", response.bodyText)
        }
        let sid = Array(message.messageSID.utf8)
        guard harness.accept(sid) else { return }  // a retry (R6): the first one was checked
        let rows = harness.storedBodies(sid: sid)
        guard rows == [Array((form["Body"] ?? "").utf8)] else {
            violated("a text answered 200 is stored once, exactly as posted (D1)",
                     "sid \(message.messageSID.debugDescription): posted \((form["Body"] ?? "").debugDescription), stored \(rows)")
        }
    }

    /// Runs `body` on the concurrency pool and waits for it (libFuzzer calls in synchronously).
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        switch result.withLock({ $0 }) {
        case .success(let value)?: return value
        case .failure(let error)?: violated("the harness runs", "\(error)")
        case nil: violated("the harness runs", "no result")
        }
    }
}

/// One store, router and pair of route tables for the whole run.
final class RouteHarness: Sendable {
    static let authToken = "fuzz-auth-token"
    static let publicURL = "https://texting.example.com"
    static let shared = RouteHarness()

    let directory: String
    let routes: WebhookRoutes
    let signedRoutes: WebhookRoutes
    /// An independent reader of the database file, for what SQLite really holds.
    let reader: DatabaseQueue
    private let accepted = Mutex(Set<[UInt8]>())

    private init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = base + "/twowayd-fuzz-routes-\(getpid())"
        directory = folder
        RouteHarnessCleanup.directory.withLock { $0 = folder }
        atexit { RouteHarnessCleanup.remove() }
        let path = folder + "/twowayd.sqlite"
        let made = RoutesFuzzing.blocking { () async throws -> (WebhookRoutes, WebhookRoutes) in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: path)
            var logger = Logger(label: "fuzz")
            logger.logLevel = .critical
            guard let version = AppVersion("1.0.0") else { violated("the harness's app version parses", "1.0.0") }
            let router = try await Router(
                store: store,
                configuration: RoutingConfiguration(contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: version),
                logger: logger)
            _ = try await router.addPractice(try SandboxDemoPractice.make())
            func routes(signed: Bool) -> WebhookRoutes {
                WebhookRoutes(router: router, store: store, settings: Reloadable(WebhookSettings(
                    requiresSignature: signed, authToken: signed ? RouteHarness.authToken : nil, publicURL: RouteHarness.publicURL,
                    phoneFormat: PhoneLogFormat(showsFullNumbers: false))), logger: logger)
            }
            return (routes(signed: false), routes(signed: true))
        }
        (routes, signedRoutes) = made
        do {
            reader = try DatabaseQueue(path: path)
        } catch {
            violated("the harness opens its database", "\(error)")
        }
    }

    /// Records `sid` as accepted; false when it was already.
    func accept(_ sid: [UInt8]) -> Bool {
        accepted.withLock { $0.insert(sid).inserted }
    }

    /// The bodies of the messages whose inbound sid has exactly these bytes, as bytes (blobs
    /// compare and read back whole, whatever they hold).
    func storedBodies(sid: [UInt8]) -> [[UInt8]] {
        do {
            return try reader.read { db in
                try Data.fetchAll(db, sql: "SELECT CAST(body AS BLOB) FROM message WHERE CAST(inbound_sid AS BLOB) = ?",
                                  arguments: [Data(sid)]).map { Array($0) }
            }
        } catch {
            violated("the harness reads its database", "\(error)")
        }
    }
}

/// The store folder to remove when the process exits.
enum RouteHarnessCleanup {
    static let directory = Mutex<String?>(nil)

    static func remove() {
        if let directory = directory.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
