import Daemon
import Foundation
import Testing

/// `media.directory` (issue 14, point 4; R4, R5, M1): the media files live in one folder that
/// every daemon of a shared database mounts; by default the state directory's, as before.
@Suite("media.directory: where the media files are kept")
struct MediaDirectoryTests {
    @Test("Empty (the default) keeps <stateDirectory>/media; an absolute path is used as it is")
    func folder() throws {
        let defaults = try ConfigurationTests.load(nil).configuration
        #expect(defaults.media.directory == "")
        #expect(defaults.media.folder(stateDirectory: "/var/lib/twowayd") == "/var/lib/twowayd/media")
        let shared = try ConfigurationTests.load(#"{"media": {"directory": "/srv/twowayd-media"}}"#).configuration
        #expect(shared.media.folder(stateDirectory: "/var/lib/twowayd") == "/srv/twowayd-media")
    }

    @Test("A relative folder is refused with the key's path")
    func relativeRefused() {
        let error = #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationTests.load(#"{"media": {"directory": "media"}}"#)
        }
        #expect(error?.keyPath == "media.directory")
        #expect(error?.problem.contains("absolute path") == true)
    }

    @Test("The folder is made when missing (mode 0750) and files are written into it")
    func prepared() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-media-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("shared/media").path
        let files = try MediaStore.prepare(directory: folder)
        #expect(files.directory == folder)
        let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(mode == 0o750)
        let name = try files.write([1, 2, 3], id: "0123456789abcdef0123456789abcdef", contentType: "image/png")
        #expect(try files.read(name) == [1, 2, 3])
        #expect(FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name)))
    }
}
