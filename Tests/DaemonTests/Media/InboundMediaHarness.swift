import Foundation
import Synchronization
import TextingCore
import TextingStore
import Testing
@testable import Daemon

/// A clock the media tests move by hand.
final class MediaTestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// ``WebhookHarness`` plus media: routes that wake a real ``MediaDownloader`` (real fetcher, real
/// media folder in the harness's directory), and settings the test can change.
struct InboundMediaHarness {
    static let credentials = MediaFetcher.Credentials(accountSID: "AC" + String(repeating: "a", count: 32), authToken: "media-token")

    let webhook: WebhookHarness
    let files: MediaStore
    let settings: Reloadable<MediaSettings>
    let fetcher: MediaFetcher
    let downloader: MediaDownloader
    let routes: WebhookRoutes

    /// - Parameter clock: the downloader's clock; nil uses the real one.
    static func make(
        maxBytes: Int = 5_000_000, maxAttempts: Int = 8, clock: MediaTestClock? = nil,
        credentials: MediaFetcher.Credentials? = InboundMediaHarness.credentials
    ) async throws -> InboundMediaHarness {
        let webhook = try await WebhookHarness.make()
        let files = try MediaStore.prepare(stateDirectory: webhook.directory.path)
        let settings = Reloadable(MediaSettings(
            publicURL: WebhookHarness.publicURL, maxBytes: maxBytes, downloadMaxAttempts: maxAttempts,
            downloadTimeout: .seconds(10), credentials: credentials))
        let fetcher = MediaFetcher()
        let now: @Sendable () -> Date
        if let clock { now = { clock.now() } } else { now = { Date() } }
        let downloader = MediaDownloader(
            store: webhook.store, files: files, fetcher: fetcher, settings: { settings.current },
            configuration: .init(pollInterval: .milliseconds(50)), logger: quietLogger,
            clock: now)
        let library = MediaLibrary(
            files: files, signer: MediaLinkSigner(key: Array("test-key".utf8)), store: webhook.store,
            settings: { settings.current }, onInboundMedia: { downloader.wake() })
        let routes = WebhookRoutes(
            router: webhook.router, store: webhook.store, settings: webhook.settings, logger: quietLogger, media: library)
        return InboundMediaHarness(
            webhook: webhook, files: files, settings: settings, fetcher: fetcher, downloader: downloader, routes: routes)
    }

    /// The webhook of a text with one attachment per `(url, type)`.
    static func mediaForm(sid: String, media: [(url: String, type: String)], body: String = "Here's Bella's rash")
        -> [FormParameters.Field] {
        var fields = WebhookHarness.inboundForm(sid: sid, body: body).filter { $0.name != "NumMedia" }
        fields.append(.init("NumMedia", "\(media.count)"))
        for (index, item) in media.enumerated() {
            fields.append(.init("MediaUrl\(index)", item.url))
            fields.append(.init("MediaContentType\(index)", item.type))
        }
        return fields
    }

    /// Posts a text with `media` through the routes; returns the response.
    func postText(sid: String, media: [(url: String, type: String)]) async -> HTTPResponse {
        await routes.handle(webhook.post(WebhookRoutes.inboundTextPath, Self.mediaForm(sid: sid, media: media)))
    }

    /// The stored inbound message with carrier id `sid`.
    func message(_ sid: String) async throws -> MessageRecord {
        try #require(try await webhook.inboundMessages().first { $0.carrierSID == sid })
    }

    /// The `media` row of the first attachment of message `sid`.
    func firstMedia(_ sid: String) async throws -> MediaRecord {
        let id = try #require(try await message(sid).media.first?.id)
        return try #require(try await webhook.store.media(id))
    }

    /// Waits (up to 10 s) until the first attachment of `sid` leaves `pending`.
    func settled(_ sid: String) async throws -> MediaAttachment {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            let attachment = try #require(try await message(sid).media.first)
            if attachment.state != .pending { return attachment }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("media of \(sid) still pending after 10 s")
        return try #require(try await message(sid).media.first)
    }

    func shutdown() async {
        await fetcher.shutdown()
        webhook.directory.remove()
    }
}
