import Foundation
import Routing
import TextingCore
import TextingStore

/// The daemon's media (R4, R5) as the HTTP routes and the control commands see it: the files on
/// disk, the link signer, the uploads staff are sending, and the store's records of each file.
///
/// Outbound: ``prepare(_:)`` writes finished uploads to the media folder and builds the link
/// texts; the router then stores one link message per file in the same transaction as the
/// `media` rows; ``discard(_:)`` removes the files again when the router refused the message.
/// Inbound: ``inboundMediaArrived()`` wakes the downloader after a text with media was stored.
public final class MediaLibrary: Sendable {
    public let files: MediaStore
    public let signer: MediaLinkSigner
    public let uploads: MediaUploads
    let store: any MessageStore
    let settings: @Sendable () -> MediaSettings
    let clock: @Sendable () -> Date
    private let onInboundMedia: @Sendable () -> Void

    /// - Parameters:
    ///   - settings: read on every use, so a reload applies to the next link, upload or download.
    ///   - clock: "now" for link expiry (tests move it).
    ///   - onInboundMedia: called after a text with media was stored (wakes the downloader).
    public init(
        files: MediaStore, signer: MediaLinkSigner, store: any MessageStore,
        settings: @escaping @Sendable () -> MediaSettings, uploads: MediaUploads = MediaUploads(),
        clock: @escaping @Sendable () -> Date = { Date() }, onInboundMedia: @escaping @Sendable () -> Void = {}
    ) {
        self.files = files
        self.signer = signer
        self.store = store
        self.settings = settings
        self.uploads = uploads
        self.clock = clock
        self.onInboundMedia = onInboundMedia
    }

    /// The current settings.
    public var currentSettings: MediaSettings { settings() }

    /// A link to the file `id` that works for ``MediaSettings/linkLifetime`` from now.
    public func link(id: String) -> String {
        let settings = settings()
        return signer.link(publicURL: settings.publicURL, id: id, expiresAt: clock().addingTimeInterval(settings.linkLifetime))
    }

    /// Writes each finished upload to the media folder and returns what the router sends: the
    /// stored attachment and its link text (photo/video or PDF wording, R5). If one file cannot be
    /// written, the ones already written are removed.
    ///
    /// - Throws: `media.io` when the media folder cannot be written.
    public func prepare(_ finished: [MediaUploads.Upload]) throws(MediaError) -> [StaffAttachment] {
        var prepared: [StaffAttachment] = []
        for upload in finished {
            let id = MediaIdentifier.random()
            let name: String
            do {
                name = try files.write(upload.bytes, id: id, contentType: upload.type.contentType)
            } catch {
                discard(prepared)
                throw error
            }
            let media = MediaAttachment(
                contentType: upload.type.contentType, storedPath: name, fileName: upload.fileName, id: id, state: .stored,
                byteCount: upload.bytes.count)
            prepared.append(StaffAttachment(
                media: media, linkText: upload.type.linkText(fileName: upload.fileName, url: link(id: id)),
                policyText: upload.type.kind == .document ? upload.fileName : nil))
        }
        return prepared
    }

    /// Removes the files of attachments that were not sent.
    public func discard(_ attachments: [StaffAttachment]) {
        for case let name? in attachments.map(\.media.storedPath) {
            files.remove(name)
        }
    }

    /// Wakes the downloader: a text with media was just stored.
    public func inboundMediaArrived() {
        onInboundMedia()
    }
}
