import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// `media.upload` and the attachments of replies and new conversations (R5).
extension Operations {
    /// Opens an upload (no `upload` id) or continues one with the next part, for the caller's
    /// practice; an upload of another practice answers as one that does not exist (W2).
    public func upload(_ caller: Caller, _ args: MediaUploadCommand) async throws -> MediaUploadInfo {
        let practice = try await practiceID(for: caller, args.practice)
        let media = try mediaLibrary()
        guard let bytes = Data(base64Encoded: Self.padded(args.data)) else {
            throw Arguments.bad("data is not base64.")
        }
        if args.upload != nil, args.fileName != nil {
            throw Arguments.bad("Give fileName only with the first part (without upload).")
        }
        if args.upload == nil, args.fileName == nil {
            throw Arguments.bad("The first part of an upload needs fileName.")
        }
        return try media.receive(
            MediaUploadPart(upload: args.upload, fileName: args.fileName, totalBytes: args.totalBytes,
                            bytes: [UInt8](bytes), last: !(args.more ?? false)),
            practice: practice)
    }

    /// The types a whole-file upload (the staff API's) may declare: photos, MP4 video and PDF.
    public static let uploadContentTypes: Set<String> = ["image/jpeg", "image/png", "image/gif", "video/mp4", "application/pdf"]

    /// Receives a whole file in one piece for the caller's practice (the staff API's upload, R5):
    /// its name, the type the sender declares, and its bytes, read by `read` up to the limit it is
    /// given (nil: the file is larger). The type must be one of ``uploadContentTypes`` and match
    /// the name's extension; both are checked before the bytes are read. The answer is a finished
    /// upload whose id `attachments` of a reply or a new conversation take.
    ///
    /// - Throws: `attachment.unsupported_type`, `attachment.invalid_name`,
    ///   `attachment.too_large`, `attachment.empty`, `attachment.busy`, `attachment.not_supported`.
    public func uploadFile(
        _ caller: Caller, fileName: String, contentType: String, read: (_ limit: Int) async throws -> [UInt8]?
    ) async throws -> MediaUploadInfo {
        let practice = try await practiceID(for: caller, nil)
        let media = try mediaLibrary()
        let declared = ContentTypeAllowlist.essence(contentType) ?? ""
        guard Self.uploadContentTypes.contains(declared) else {
            throw TextingError(.init("attachment.unsupported_type"),
                               "Attach a photo (JPEG, PNG or GIF), an MP4 video or a PDF; this file's type is not sent.")
        }
        let name = try Arguments.required(fileName, "The file name")
        guard try OutboundMediaType(fileName: name).contentType == declared else {
            throw TextingError(.init("attachment.unsupported_type"),
                               "The file name's extension does not match its type; rename the file and try again.")
        }
        guard let bytes = try await read(media.maxUploadBytes) else { throw media.tooLarge(fileName: name) }
        return try media.receive(
            MediaUploadPart(upload: nil, fileName: name, totalBytes: bytes.count, bytes: bytes, last: true),
            practice: practice)
    }

    /// A stored file of a message of the caller's practice (an inbound photo, a sent PDF, …);
    /// another practice's file answers `media.not_found`, exactly like one that does not exist (W2).
    public func mediaFile(_ caller: Caller, id: String) async throws -> StaffMediaFile {
        let practice = try await practiceID(for: caller, nil)
        guard let media = environment.media else { throw Self.mediaNotFound }
        return try await media.file(id: id, practice: practice)
    }

    /// The answer for every media id the caller cannot read, whatever the reason.
    public static let mediaNotFound = TextingError(.init("media.not_found"), "There is no such file.")

    /// The finished uploads `ids` of `practice`; none when `ids` is nil or empty.
    ///
    /// - Throws: `attachment.not_supported` when this daemon has no media library (nothing is
    ///   sent), `attachment.not_found` / `attachment.incomplete` for a bad id.
    func finishedUploads(_ ids: [String]?, practice: PracticeID) throws -> PendingAttachments {
        guard let ids, !ids.isEmpty else { return .none }
        let media = try mediaLibrary()
        guard Set(ids).count == ids.count else { throw Arguments.bad("An upload is attached twice.") }
        return try media.pending(ids, practice: practice)
    }

    /// Stores `uploads` as files, runs `send` with their attachments, and forgets the uploads once
    /// sent. When `send` throws (a policy refusal, an opted-out number, …) the files are removed
    /// and the uploads kept, so the same command can be repeated (with `confirm`, say).
    func sending<T: Sendable>(
        _ uploads: PendingAttachments, _ send: ([StaffAttachment]) async throws -> T
    ) async throws -> T {
        guard uploads.count > 0 else { return try await send([]) }
        let attachments = try uploads.prepare()
        do {
            let result = try await send(attachments)
            uploads.sent()
            return result
        } catch {
            uploads.discard(attachments)
            throw error
        }
    }

    /// Every message of a conversation as staff see it, with a fresh link to each stored file.
    func messageInfos(_ records: [MessageRecord]) -> [MessageInfo] {
        records.map { record in
            var info = MessageInfo(record)
            if let media = environment.media {
                for index in info.media.indices where info.media[index].stored {
                    if let id = info.media[index].id { info.media[index].url = media.link(id: id) }
                }
            }
            return info
        }
    }

    private func mediaLibrary() throws(TextingError) -> any StaffMedia {
        guard let media = environment.media else {
            throw TextingError(.init("attachment.not_supported"),
                               "This daemon does not send attachments; send the message without them.")
        }
        return media
    }

    /// `text` with `=` padding added when the sender left it out.
    private static func padded(_ text: String) -> String {
        let remainder = text.utf8.count % 4
        return remainder == 0 ? text : text + String(repeating: "=", count: 4 - remainder)
    }
}
