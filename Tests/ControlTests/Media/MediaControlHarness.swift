import Carrier
import Control
import Daemon
import Foundation
import Routing
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// ``ControlHarness``'s setup with media (R5): a control handler whose environment has a
/// ``MediaLibrary`` over a media folder in the temporary directory, and the HTTP routes that
/// serve its links, all on one manual clock.
final class MediaControlHarness: Sendable {
    static let publicURL = "https://texting.example.com"
    static let key = Array("media-link-test-key".utf8)

    let base: ControlHarness
    let library: MediaLibrary
    let routes: WebhookRoutes

    var directory: URL { base.directory }
    var store: SQLiteStore { base.store }
    var router: Router { base.router }
    var clock: ManualClock { base.clock }
    var files: MediaStore { library.files }

    init(maxBytes: Int = 5_000_000) async throws {
        let settings = MediaSettings(publicURL: Self.publicURL, maxBytes: maxBytes)
        base = try await ControlHarness(media: { store, clock, directory in
            MediaLibrary(
                files: try MediaStore.prepare(stateDirectory: directory.path), signer: MediaLinkSigner(key: Self.key),
                store: store, settings: { settings }, clock: { clock.now() })
        })
        library = try #require(base.media)
        routes = WebhookRoutes(
            router: base.router, store: base.store,
            settings: Reloadable(WebhookSettings(
                requiresSignature: false, authToken: nil, publicURL: Self.publicURL,
                phoneFormat: PhoneLogFormat(showsFullNumbers: false))),
            logger: .init(label: "test.media"), media: library)
    }

    func call<Command: ControlCommand>(_ command: Command) async throws -> Command.Result {
        try await base.call(command)
    }

    func refusal<Command: ControlCommand>(
        _ command: Command, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ControlErrorBody {
        await base.refusal(command, sourceLocation: sourceLocation)
    }

    func onboardedPractice() async throws -> PracticeInfo { try await base.onboardedPractice() }
    func deliver() async throws { try await base.deliver() }
    func inbox(_ number: String) async throws -> [String] { try await base.inbox(number) }

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
