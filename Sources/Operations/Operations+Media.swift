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
