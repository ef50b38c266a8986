import Carrier
import Control
import Daemon
import Foundation
import Routing
import Synchronization
import TextingCore
import TextingStore
import Testing

/// ``ControlHarness``'s setup with media (R5): a control handler whose environment has a
/// ``MediaLibrary`` over a media folder in the temporary directory, and the HTTP routes that
/// serve its links, all on one manual clock.
final class MediaControlHarness: Sendable {
    static let publicURL = "https://texting.example.com"
    static let key = Array("media-link-test-key".utf8)

    let directory: URL
    let store: SQLiteStore
    let router: Router
    let carrier: SandboxCarrier
    let sender: OutboxSender
    let clock: ManualClock
    let files: MediaStore
    let library: MediaLibrary
    let handler: ControlHandler
    let routes: WebhookRoutes
    let connection = ControlConnection()
    private let ids = Mutex(0)

    init(maxBytes: Int = 5_000_000) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let clock = ManualClock(ControlHarness.wednesdayMorning)
        self.clock = clock
        let configuration = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0")))
        router = try await Router(store: store, configuration: configuration, clock: { clock.now() })
        carrier = SandboxCarrier()
        sender = OutboxSender(store: store, carrier: carrier, router: router,
                              configuration: .init(segmentsPerSecond: 10_000), clock: { clock.now() })
        files = try MediaStore.prepare(stateDirectory: directory.path)
        let settings = MediaSettings(publicURL: Self.publicURL, maxBytes: maxBytes)
        library = MediaLibrary(
            files: files, signer: MediaLinkSigner(key: Self.key), store: store, settings: { settings }, clock: { clock.now() })
        handler = ControlHandler(environment: ControlEnvironment(
            router: router, version: "test", carrierKind: "sandbox", sandbox: carrier,
            provisionNumber: ControlEnvironment.sandboxPool, media: library))
        routes = WebhookRoutes(
            router: router, store: store,
            settings: Reloadable(WebhookSettings(
                requiresSignature: false, authToken: nil, publicURL: Self.publicURL,
                phoneFormat: PhoneLogFormat(showsFullNumbers: false))),
            logger: .init(label: "test.media"), media: library)
    }

    func call<Command: ControlCommand>(_ command: Command) async throws -> Command.Result {
        let id = ids.withLock { id in
            id += 1
            return id
        }
        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: id, command))
        let answer = await handler.respond(to: line, connection: connection)
        let response = try ControlProtocol.makeDecoder().decode(ControlResponse<Command.Result>.self, from: answer)
        if let error = response.error { throw error }
        return try #require(response.result)
    }

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

    /// A practice ready to text (app chat, number, texting on).
    func onboardedPractice() async throws -> PracticeInfo {
        let practice = try await call(PracticeAddCommand(
            name: "Maple Vet", country: "US", timeZone: "America/New_York", practicePhone: ControlHarness.practicePhone,
            emergencyPhone: ControlHarness.emergencyPhone))
        _ = try await call(AppChatEnableCommand(practice: practice.id))
        _ = try await call(NumberRequestCommand(practice: practice.id))
        return try await call(TextingEnableCommand(practice: practice.id))
    }

    /// Uploads `bytes` as `fileName` in parts of `partBytes`, as `twowayctl --attach` does;
    /// returns the upload id.
    func upload(_ bytes: [UInt8], as fileName: String, practice: Int64, partBytes: Int = 600_000) async throws -> String {
        var upload: String?
        var offset = 0
        repeat {
            let part = Array(bytes[offset..<min(offset + partBytes, bytes.count)])
            offset += part.count
            let answer = try await call(MediaUploadCommand(
                practice: practice, upload: upload, fileName: upload == nil ? fileName : nil,
                totalBytes: upload == nil ? bytes.count : nil, data: Data(part).base64EncodedString(),
                more: offset < bytes.count ? true : nil))
            upload = answer.upload
            if answer.complete { break }
        } while true
        return try #require(upload)
    }

    /// Sends what is due and applies the final delivery states.
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

    /// `GET` (or `method`) of `link` through the real route handler.
    func fetch(_ link: String, method: String = "GET") async -> HTTPResponse {
        let target = String(link.dropFirst(Self.publicURL.count))
        return await routes.handle(HTTPRequest(method: method, uri: target))
    }

    /// The files in the media folder.
    func storedFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: files.directory).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
