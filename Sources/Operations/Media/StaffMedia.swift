import Control
import Routing
import TextingCore

/// The files staff attach to their messages (R5), as operations need them. The daemon's media
/// library (uploads in memory, files on disk, signed links) provides it; operations decide who
/// may upload and attach, and in which order things happen.
public protocol StaffMedia: Sendable {
    /// Receives one part of an upload for `practice`: opens a new upload when `part.upload` is
    /// nil, else continues that one (of the same practice only).
    ///
    /// - Throws: a ``TextingError`` with an `attachment.*` code (bad name or type, too large,
    ///   unknown upload, too many uploads).
    func receive(_ part: MediaUploadPart, practice: PracticeID) throws -> MediaUploadInfo
    /// The finished uploads `ids` of `practice`, ready to be stored and sent.
    ///
    /// - Throws: `attachment.not_found` (no such upload of this practice) or
    ///   `attachment.incomplete`.
    func pending(_ ids: [String], practice: PracticeID) throws -> PendingAttachments
    /// A fresh link to the stored file `id`, valid for the configured lifetime.
    func link(id: String) -> String
    /// The largest file an upload may hold, in bytes, as currently configured.
    var maxUploadBytes: Int { get }
    /// The refusal of `fileName` when it is larger than ``maxUploadBytes`` (`attachment.too_large`).
    func tooLarge(fileName: String) -> TextingError
    /// The stored file `id` (an inbound file or a staff attachment) when it belongs to
    /// `practice`.
    ///
    /// - Throws: `media.not_found` when there is no such stored file of this practice (another
    ///   practice's file, a pending or failed download, an unknown id: the same answer, W2).
    func file(id: String, practice: PracticeID) async throws -> StaffMediaFile
}

/// One part of an upload, decoded by the front door.
public struct MediaUploadPart: Sendable, Hashable {
    /// The upload this part continues; nil opens a new one.
    public var upload: String?
    /// The file's name; given with the first part only.
    public var fileName: String?
    /// The whole file's size as the sender announces it, checked on the first part.
    public var totalBytes: Int?
    public var bytes: [UInt8]
    /// This is the last part.
    public var last: Bool

    public init(upload: String?, fileName: String?, totalBytes: Int?, bytes: [UInt8], last: Bool) {
        self.upload = upload
        self.fileName = fileName
        self.totalBytes = totalBytes
        self.bytes = bytes
        self.last = last
    }
}

/// Finished uploads about to be sent: stored as files by ``prepare``, then forgotten by ``sent``
/// once the router stored the message, or their files removed by ``discard`` when it refused.
public struct PendingAttachments: Sendable {
    /// How many files are attached.
    public var count: Int
    /// Writes the files and returns what the router sends.
    ///
    /// - Throws: `attachment.not_stored` when a file cannot be written.
    public var prepare: @Sendable () throws -> [StaffAttachment]
    /// Forgets the uploads: their message was stored.
    public var sent: @Sendable () -> Void
    /// Removes the files of attachments that were not sent (the uploads are kept).
    public var discard: @Sendable ([StaffAttachment]) -> Void

    public init(
        count: Int, prepare: @escaping @Sendable () throws -> [StaffAttachment], sent: @escaping @Sendable () -> Void,
        discard: @escaping @Sendable ([StaffAttachment]) -> Void
    ) {
        self.count = count
        self.prepare = prepare
        self.sent = sent
        self.discard = discard
    }

    /// Nothing attached.
    public static let none = PendingAttachments(count: 0, prepare: { [] }, sent: {}, discard: { _ in })
}

extension StaffMedia {
    /// 5 MB, the configuration's default (`media.maxBytes`), for a library that keeps no
    /// setting of its own.
    public var maxUploadBytes: Int { 5_000_000 }

    public func tooLarge(fileName: String) -> TextingError {
        TextingError(.init("attachment.too_large"), "\(fileName) is larger than the most an attachment may be.")
    }

    /// A library that keeps no files to read back answers every id as not found.
    public func file(id: String, practice: PracticeID) async throws -> StaffMediaFile {
        throw Operations.mediaNotFound
    }
}
