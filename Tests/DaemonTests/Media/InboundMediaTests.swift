import Foundation
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing
@testable import Daemon

/// R4: inbound MMS media are fetched by the daemon after the text is stored and acknowledged
/// (D1), with the carrier's basic-auth credentials, a size limit, a type allowlist and retries;
/// the message's media list shows pending → stored / failed; a restart resumes.
@Suite("Inbound media (R4)", .serialized)
struct InboundMediaTests {
    static let photo: [UInt8] = Array("\u{FF}\u{D8}fake jpeg bytes of Bella's rash".utf8) + [UInt8](repeating: 7, count: 3_000)

    @Test("R4, D1: the text is acknowledged while the media server still holds the file; then the file is stored")
    func acknowledgedBeforeFetched() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let harness = try await InboundMediaHarness.make()
        let running = Task { await harness.downloader.run() }
        let gate = FakeMediaServer.Gate()
        server.serve("/Media/ME1", .file(Self.photo, gate: gate))

        let response = await harness.postText(sid: "SMmedia1", media: [(server.url("/Media/ME1"), "image/jpeg")])
        // The media server has not answered (the gate is shut), yet the carrier has its 200.
        #expect(response.status == 200)
        let pending = try #require(try await harness.message("SMmedia1").media.first)
        #expect(pending.state == .pending)
        #expect(pending.storedPath == nil)
        #expect(pending.id.map(MediaIdentifier.isWellFormed) == true)
        #expect(try await harness.message("SMmedia1").body == "Here's Bella's rash")

        gate.open()
        let stored = try await harness.settled("SMmedia1")
        #expect(stored.state == .stored)
        #expect(stored.byteCount == Self.photo.count)
        #expect(stored.contentType == "image/jpeg")
        let name = try #require(stored.storedPath)
        #expect(try harness.files.read(name) == Self.photo)
        #expect(name == "\(try #require(stored.id)).jpg")
        // Basic auth with the account SID and auth token.
        let expected = "Basic " + Data("\(InboundMediaHarness.credentials.accountSID):media-token".utf8).base64EncodedString()
        #expect(server.requests.map(\.authorization) == [expected])

        running.cancel()
        await running.value
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: a 500 is retried after a backoff and the second attempt stores the file")
    func serverErrorIsRetried() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let clock = MediaTestClock(Date().addingTimeInterval(60))
        let harness = try await InboundMediaHarness.make(clock: clock)
        server.serve("/Media/ME2", .status(500), .file(Self.photo))
        #expect(await harness.postText(sid: "SMretry", media: [(server.url("/Media/ME2"), "image/jpeg")]).status == 200)

        #expect(await harness.downloader.drainOnce() == 1)
        let retrying = try await harness.firstMedia("SMretry")
        #expect(retrying.attachment.state == .pending)
        #expect(retrying.attempts == 1)
        #expect(retrying.attachment.failure == "The media server answered HTTP 500.")
        let next = try #require(retrying.nextAttemptAt)
        #expect(next > clock.now() && next <= clock.now().addingTimeInterval(3))
        // Not due yet: nothing is attempted.
        #expect(await harness.downloader.drainOnce() == 0)

        clock.advance(by: 5)
        #expect(await harness.downloader.drainOnce() == 1)
        let stored = try await harness.firstMedia("SMretry")
        #expect(stored.attachment.state == .stored)
        #expect(stored.attempts == 2)
        #expect(stored.attachment.failure == nil)
        #expect(try harness.files.read(try #require(stored.attachment.storedPath)) == Self.photo)
        // The message's own list shows the same.
        #expect(try await harness.message("SMretry").media.first?.state == .stored)
        #expect(server.requests.count == 2)
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: a file over the size limit ends failed with the reason, and nothing is kept")
    func oversizedFileFails() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let harness = try await InboundMediaHarness.make(maxBytes: 2_000, clock: MediaTestClock(Date().addingTimeInterval(60)))
        server.serve("/Media/big", .file([UInt8](repeating: 1, count: 2_500)))
        #expect(await harness.postText(sid: "SMbig", media: [(server.url("/Media/big"), "image/png")]).status == 200)
        await harness.downloader.drainOnce()
        let failed = try #require(try await harness.message("SMbig").media.first)
        #expect(failed.state == .failed)
        #expect(failed.failure == "The file is 2.5 KB; files over 2 KB are not kept.")
        #expect(failed.storedPath == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.files.directory).isEmpty)
        // Final: never attempted again.
        #expect(await harness.downloader.drainOnce() == 0)
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: a type outside the allowlist ends failed: a declared one is not even fetched, a served one is not kept")
    func disallowedTypeFails() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let harness = try await InboundMediaHarness.make(clock: MediaTestClock(Date().addingTimeInterval(60)))
        server.serve("/Media/zip", .file([1, 2, 3], type: "application/zip"))
        server.serve("/Media/sneaky", .file([1, 2, 3], type: "application/x-msdownload"))
        #expect(await harness.postText(sid: "SMzip", media: [(server.url("/Media/zip"), "application/zip")]).status == 200)
        #expect(await harness.postText(sid: "SMsneaky", media: [(server.url("/Media/sneaky"), "image/jpeg")]).status == 200)
        await harness.downloader.drainOnce()

        let zip = try #require(try await harness.message("SMzip").media.first)
        #expect(zip.state == .failed)
        #expect(zip.failure?.hasPrefix("Files of type application/zip are not kept (allowed: image/*, video/*, audio/*") == true)
        let sneaky = try #require(try await harness.message("SMsneaky").media.first)
        #expect(sneaky.state == .failed)
        #expect(sneaky.failure?.hasPrefix("Files of type application/x-msdownload are not kept") == true)
        #expect(server.requests.map(\.path) == ["/Media/sneaky"])
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: still failing after the last attempt ends failed with the last error")
    func givesUpAfterMaxAttempts() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let clock = MediaTestClock(Date().addingTimeInterval(60))
        let harness = try await InboundMediaHarness.make(maxAttempts: 2, clock: clock)
        server.serve("/Media/down", .status(503))
        #expect(await harness.postText(sid: "SMdown", media: [(server.url("/Media/down"), "image/jpeg")]).status == 200)
        await harness.downloader.drainOnce()
        clock.advance(by: 600)
        await harness.downloader.drainOnce()
        let failed = try await harness.firstMedia("SMdown")
        #expect(failed.attachment.state == .failed)
        #expect(failed.attachment.failure == "Gave up after 2 attempts: The media server answered HTTP 503.")
        clock.advance(by: 3_600)
        #expect(await harness.downloader.drainOnce() == 0)
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: wrong credentials are a final failure (401), and the sandbox fetches without credentials")
    func credentials() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let clock = MediaTestClock(Date().addingTimeInterval(60))
        let harness = try await InboundMediaHarness.make(
            clock: clock, credentials: .init(accountSID: InboundMediaHarness.credentials.accountSID, authToken: "stale"))
        server.serve("/Media/auth", .file(Self.photo))
        #expect(await harness.postText(sid: "SMauth", media: [(server.url("/Media/auth"), "image/jpeg")]).status == 200)
        await harness.downloader.drainOnce()
        let refused = try #require(try await harness.message("SMauth").media.first)
        #expect(refused.state == .failed)
        #expect(refused.failure == "The media server answered HTTP 401.")

        let open = try await FakeMediaServer.start(credentials: nil)
        let sandbox = try await InboundMediaHarness.make(clock: clock, credentials: nil)
        open.serve("/m", .file(Self.photo))
        #expect(await sandbox.postText(sid: "SMopen", media: [(open.url("/m"), "image/jpeg")]).status == 200)
        await sandbox.downloader.drainOnce()
        #expect(try #require(try await sandbox.message("SMopen").media.first).state == .stored)
        #expect(open.requests.map(\.authorization) == [nil])
        await open.stop()
        await sandbox.shutdown()
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: a redirect to another host is followed without sending the credentials there")
    func redirectKeepsCredentialsAtHome() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let harness = try await InboundMediaHarness.make(clock: MediaTestClock(Date().addingTimeInterval(60)))
        // "localhost" is another origin than "127.0.0.1", as the carrier's file storage would be.
        let cdn = server.url("/cdn/file", host: "localhost")
        server.serve("/Media/ME3", .init(status: 307, contentType: nil, headers: [("Location", cdn)]))
        server.serve("/cdn/file", .file(Self.photo), public: true)
        #expect(await harness.postText(sid: "SMredirect", media: [(server.url("/Media/ME3"), "image/jpeg")]).status == 200)
        await harness.downloader.drainOnce()
        #expect(try #require(try await harness.message("SMredirect").media.first).state == .stored)
        let requests = server.requests
        #expect(requests.map(\.path) == ["/Media/ME3", "/cdn/file"])
        #expect(requests.first?.authorization != nil)
        #expect(requests.last?.authorization == nil)
        await server.stop()
        await harness.shutdown()
    }

    @Test("R4: a restart resumes a pending download and removes half-written files")
    func restartResumes() async throws {
        let server = try await FakeMediaServer.start(credentials: InboundMediaHarness.credentials)
        let harness = try await InboundMediaHarness.make()
        server.serve("/Media/ME4", .file(Self.photo))
        // Stored and acknowledged, but the process "dies" before the downloader runs.
        #expect(await harness.postText(sid: "SMrestart", media: [(server.url("/Media/ME4"), "image/jpeg")]).status == 200)
        #expect(server.requests.isEmpty)
        let partial = harness.files.path(of: ".0123456789abcdef0123456789abcdef.part")
        #expect(FileManager.default.createFile(atPath: partial, contents: Data([1, 2, 3])))

        // A new process: a new store on the same file, a new downloader.
        let store = try SQLiteStore(path: harness.webhook.directory.url.appendingPathComponent("twowayd.sqlite").path)
        let fetcher = MediaFetcher()
        let settings = harness.settings
        let downloader = MediaDownloader(
            store: store, files: MediaStore(directory: harness.files.directory), fetcher: fetcher,
            settings: { settings.current }, configuration: .init(pollInterval: .milliseconds(50)), logger: quietLogger)
        let running = Task { await downloader.run() }
        let stored = try await harness.settled("SMrestart")
        #expect(stored.state == .stored)
        #expect(try harness.files.read(try #require(stored.storedPath)) == Self.photo)
        #expect(!FileManager.default.fileExists(atPath: partial))
        running.cancel()
        await running.value
        await fetcher.shutdown()
        await server.stop()
        await harness.shutdown()
    }
}
