import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// `media.upload` and the attachments of `conversation.reply` / `conversation.start` (R5).
extension ControlHandler {
    static let mediaRoutes: [(String, Route)] = [
        route(MediaUploadCommand.self) { handler, args, _ in try await handler.upload(args) },
    ]

    /// Opens an upload (no `upload` id) or continues one with the next part.
    private func upload(_ args: MediaUploadCommand) async throws -> MediaUploadInfo {
        let practice = try await practiceID(args.practice)
        let media = try Self.mediaLibrary(environment.media)
        guard let bytes = Data(base64Encoded: Self.padded(args.data)) else {
            throw ControlArguments.bad("data is not base64.")
        }
        let settings = media.currentSettings
        let now = media.clock()
        let id: String
        if let existing = args.upload {
            guard args.fileName == nil else {
                throw ControlArguments.bad("Give fileName only with the first part (without upload).")
            }
            id = existing
        } else {
            guard let fileName = args.fileName else {
                throw ControlArguments.bad("The first part of an upload needs fileName.")
            }
            id = try media.uploads.begin(
                practice: practice, fileName: fileName, totalBytes: args.totalBytes, maxBytes: settings.maxBytes, now: now)
        }
        let upload = try media.uploads.append(
            id: id, practice: practice, bytes: [UInt8](bytes), last: !(args.more ?? false), maxBytes: settings.maxBytes,
            now: now)
        return MediaUploadInfo(
            upload: upload.id, fileName: upload.fileName, contentType: upload.type.contentType,
            receivedBytes: upload.bytes.count, complete: upload.complete)
    }

    /// The finished uploads `ids` of `practice`; none when `ids` is nil or empty.
    ///
    /// - Throws: `attachment.not_supported` when this daemon has no media library (nothing is
    ///   sent), `attachment.not_found` / `attachment.incomplete` for a bad id.
    func finishedUploads(_ ids: [String]?, practice: PracticeID) throws -> [MediaUploads.Upload] {
        guard let ids, !ids.isEmpty else { return [] }
        let media = try Self.mediaLibrary(environment.media)
        guard Set(ids).count == ids.count else { throw ControlArguments.bad("An upload is attached twice.") }
        return try media.uploads.completed(ids, practice: practice, now: media.clock())
    }

    /// Stores `uploads` as files, runs `send` with their attachments, and forgets the uploads once
    /// sent. When `send` throws (a policy refusal, an opted-out number, …) the files are removed
    /// and the uploads kept, so the same command can be repeated (with `confirm`, say).
    func sending<T: Sendable>(
        _ uploads: [MediaUploads.Upload], _ send: ([StaffAttachment]) async throws -> T
    ) async throws -> T {
        guard !uploads.isEmpty, let media = environment.media else { return try await send([]) }
        let attachments: [StaffAttachment]
        do {
            attachments = try media.prepare(uploads)
        } catch {
            throw TextingError(.init("attachment.not_stored"), "The attachment could not be stored: \(error.message)")
        }
        do {
            let result = try await send(attachments)
            media.uploads.remove(uploads.map(\.id))
            return result
        } catch {
            media.discard(attachments)
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

    private static func mediaLibrary(_ media: MediaLibrary?) throws -> MediaLibrary {
        guard let media else {
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
