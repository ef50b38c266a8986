import Foundation
import TextingCore
import TextingStore
import Testing
@testable import Daemon

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// R5: the link signer, the link key and its file, the media folder; the `media.*` keys.
@Suite("Media parts (R4, R5)")
struct MediaPartsTests {
    @Test("R5: links are signed over <id>.<expiry>; any change to id, expiry or key breaks the signature")
    func signer() throws {
        let signer = MediaLinkSigner(key: Array("key-one".utf8))
        let id = "0123456789abcdef0123456789abcdef"
        let link = signer.link(publicURL: "https://texting.example.com", id: id, expiresAt: Date(timeIntervalSince1970: 1_800_000_000.9))
        let signature = signer.signature(id: id, expiry: 1_800_000_000)
        #expect(link == "https://texting.example.com/media/\(id)?e=1800000000&s=\(signature)")
        // base64url of HMAC-SHA1 over "<id>.<expiry>", no padding: Python's
        // hmac.new(b"key-one", b"<id>.1800000000", hashlib.sha1), so links sent before still work.
        #expect(signature == "X_yFOHhiW-mEGU7CUceIWpxGwU8")
        #expect(signature.count == 27)
        #expect(signer.isValid(id: id, expiryText: "1800000000", signature: signature))
        #expect(!signer.isValid(id: id, expiryText: "1800000001", signature: signature))
        #expect(!signer.isValid(id: "1" + id.dropFirst(), expiryText: "1800000000", signature: signature))
        #expect(!signer.isValid(id: id, expiryText: "1800000000", signature: signature + "A"))
        #expect(!signer.isValid(id: id, expiryText: "1800000000", signature: ""))
        #expect(!MediaLinkSigner(key: Array("key-two".utf8)).isValid(id: id, expiryText: "1800000000", signature: signature))
    }

    @Test("R5: without a credential the key is generated once (mode 0600) and reused; a credential wins")
    func linkKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try MediaLinkKey.load(credential: nil, stateDirectory: directory.path)
        #expect(first.source == .generated)
        #expect(first.bytes.count == 64)
        let path = directory.url.appendingPathComponent(MediaLinkKey.fileName).path
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let again = try MediaLinkKey.load(credential: nil, stateDirectory: directory.path)
        #expect(again.source == .stateFile)
        #expect(again.bytes == first.bytes)
        // A link made before a restart still checks after it.
        let link = MediaLinkSigner(key: first.bytes).signature(id: "a", expiry: 1)
        #expect(MediaLinkSigner(key: again.bytes).isValid(id: "a", expiryText: "1", signature: link))

        let credential = try MediaLinkKey.load(credential: "from-credentials", stateDirectory: directory.path)
        #expect(credential.source == .credential)
        #expect(credential.bytes == Array("from-credentials".utf8))

        // A hand-made key file with a wide mode is narrowed; an empty one is refused.
        try directory.write("other/media-link-key", "handmade\n")
        let other = directory.url.appendingPathComponent("other").path
        #expect(chmod(other + "/media-link-key", 0o644) == 0)
        #expect(try MediaLinkKey.load(credential: nil, stateDirectory: other).bytes == Array("handmade".utf8))
        #expect(stat(other + "/media-link-key", &status) == 0 && status.st_mode & 0o777 == 0o600)
        try directory.write("empty/media-link-key", "  \n")
        #expect(throws: MediaError.self) {
            try MediaLinkKey.load(credential: nil, stateDirectory: directory.url.appendingPathComponent("empty").path)
        }
    }

    @Test("R4, R5: files are written whole under <id>.<ext>, read back, and no name leaves the folder")
    func mediaFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try MediaStore.prepare(stateDirectory: directory.path)
        #expect(files.directory == directory.url.appendingPathComponent("media").path)
        let id = MediaIdentifier.random()
        let name = try files.write([1, 2, 3], id: id, contentType: "application/pdf")
        #expect(name == "\(id).pdf")
        #expect(try files.read(name) == [1, 2, 3])
        var status = stat()
        #expect(stat(files.path(of: name), &status) == 0 && status.st_mode & 0o777 == 0o640)
        try directory.write("twowayd.sqlite", "secret")
        for bad in ["../twowayd.sqlite", "", "..", "a/b"] {
            #expect(throws: MediaError.self) { try files.read(bad) }
        }
        #expect(throws: MediaError.self) { try files.read("\(MediaIdentifier.random()).jpg") }
        files.remove(name)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.directory).isEmpty)
    }

    @Test("R4, R5: media.* keys are read with their defaults, ranges and type patterns")
    func configuration() throws {
        let defaults = try ConfigurationTests.load(nil).configuration.media
        #expect(defaults.maxBytes == 5_000_000)
        #expect(defaults.allowedContentTypes == ["image/*", "video/*", "audio/*", "application/pdf", "text/vcard", "text/plain"])
        #expect(defaults.linkLifetimeDays == 30)
        #expect(defaults.downloadMaxAttempts == 8)
        #expect(defaults.downloadTimeoutSeconds == 60)

        let loaded = try ConfigurationTests.load("""
            {"media": {"maxBytes": 1048576, "allowedContentTypes": ["image/*"], "linkLifetimeDays": 7}}
            """)
        #expect(loaded.configuration.media.maxBytes == 1_048_576)
        #expect(loaded.configuration.media.linkLifetimeDays == 7)
        let settings = MediaSettings(loaded)
        #expect(settings.linkLifetime == 7 * 86_400)
        #expect(settings.allowlist.allows("image/png") && !settings.allowlist.allows("application/pdf"))
        #expect(settings.credentials == nil)

        let pattern = try #require(ConfigurationTests.error(#"{"media": {"allowedContentTypes": ["images"]}}"#))
        #expect(pattern.code == .invalidValue)
        #expect(pattern.keyPath == "media.allowedContentTypes")
        let days = try #require(ConfigurationTests.error(#"{"media": {"linkLifetimeDays": 0}}"#))
        #expect(days.keyPath == "media.linkLifetimeDays")
        let unknown = try #require(ConfigurationTests.error(#"{"media": {"maxbytes": 1}}"#))
        #expect(unknown.code == .unknownKey)
    }

    @Test("Sizes in reasons read as people read them")
    func sizes() {
        #expect(MediaSettings.size(812) == "812 bytes")
        #expect(MediaSettings.size(2_500) == "2.5 KB")
        #expect(MediaSettings.size(340_000) == "340 KB")
        #expect(MediaSettings.size(4_850_000) == "4.8 MB")
        #expect(MediaSettings.size(5_000_000) == "5 MB")
    }
}
