import Control
import Operations
import Routing
import TextingCore
import TextingStore

/// The media library as the operations use it (R5): uploads in memory, files on disk, links.
extension MediaLibrary: StaffMedia {
    public func receive(_ part: MediaUploadPart, practice: PracticeID) throws -> MediaUploadInfo {
        let settings = currentSettings
        let now = clock()
        let id: String
        if let existing = part.upload {
            id = existing
        } else {
            id = try uploads.begin(
                practice: practice, fileName: part.fileName ?? "", totalBytes: part.totalBytes, maxBytes: settings.maxBytes,
                now: now)
        }
        let upload = try uploads.append(
            id: id, practice: practice, bytes: part.bytes, last: part.last, maxBytes: settings.maxBytes, now: now)
        return MediaUploadInfo(
            upload: upload.id, fileName: upload.fileName, contentType: upload.type.contentType,
            receivedBytes: upload.bytes.count, complete: upload.complete)
    }

    public func pending(_ ids: [String], practice: PracticeID) throws -> PendingAttachments {
        let finished = try uploads.completed(ids, practice: practice, now: clock())
        return PendingAttachments(
            count: finished.count,
            prepare: { [self] in
                do throws(MediaError) {
                    return try prepare(finished)
                } catch {
                    throw TextingError(.init("attachment.not_stored"), "The attachment could not be stored: \(error.message)")
                }
            },
            sent: { [self] in uploads.remove(finished.map(\.id)) },
            discard: { [self] attachments in discard(attachments) })
    }

    public var maxUploadBytes: Int { currentSettings.maxBytes }

    public func tooLarge(fileName: String) -> TextingError {
        let limit = MediaSettings.size(maxUploadBytes)
        return TextingError(.init("attachment.too_large"), "\(fileName) is larger than \(limit), the most an attachment may be.")
    }

    /// The file when its record says `practice` and it is stored; `media.not_found` for anything
    /// else, so another practice's id and an unknown one answer alike (W2).
    public func file(id: String, practice: PracticeID) async throws -> StaffMediaFile {
        guard MediaIdentifier.isWellFormed(id), let record = try await store.media(id), record.practiceID == practice,
              record.attachment.state == .stored, let name = record.attachment.storedPath
        else { throw Operations.mediaNotFound }
        let bytes: [UInt8]
        do {
            bytes = try files.read(name)
        } catch {
            throw Operations.mediaNotFound
        }
        return StaffMediaFile(id: id, contentType: record.attachment.contentType, fileName: record.attachment.fileName,
                              bytes: bytes)
    }
}
