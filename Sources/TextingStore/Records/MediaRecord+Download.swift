import Foundation
import TextingCore

extension MessageDraft {
    /// This message with an id (``MediaIdentifier/random()``) on every attachment that has none,
    /// before it is written: its `media` rows and its media list share the ids.
    public func identifyingMedia() -> MessageDraft {
        guard media.contains(where: { $0.id == nil }) else { return self }
        var message = self
        for index in message.media.indices where message.media[index].id == nil {
            message.media[index].id = MediaIdentifier.random()
        }
        return message
    }
}

extension SessionBatch {
    /// This batch with ``MessageDraft/identifyingMedia()`` applied to each message.
    public func identifyingMedia() -> SessionBatch {
        var batch = self
        batch.messages = batch.messages.map { $0.identifyingMedia() }
        return batch
    }
}

extension MediaRecord {
    /// Records a download attempt's `outcome` (R4): one more attempt, and the file stored, due
    /// again at the retry's time, or failed. False, and nothing changed, when the file is already
    /// stored or failed (a late outcome of a duplicate attempt never changes a final state).
    public mutating func apply(_ outcome: MediaDownloadOutcome) -> Bool {
        guard attachment.state == .pending else { return false }
        attempts += 1
        switch outcome {
        case .stored(let path, let bytes, let contentType):
            attachment.state = .stored
            attachment.storedPath = path
            attachment.byteCount = bytes
            attachment.contentType = contentType
            attachment.failure = nil
            nextAttemptAt = nil
        case .retry(let at, let error):
            attachment.failure = error
            nextAttemptAt = at
        case .failed(let reason):
            attachment.state = .failed
            attachment.failure = reason
            nextAttemptAt = nil
        }
        return true
    }
}
