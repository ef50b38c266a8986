import Control
import Operations
import Routing
import TextingCore

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
}
