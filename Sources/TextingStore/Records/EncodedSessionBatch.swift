import Foundation
import TextingCore

/// A session batch ready to be written: its attachments given their ids and its JSON columns
/// encoded (``StoredJSON``), before the store enters its transaction.
public struct EncodedSessionBatch: Sendable {
    public let batch: SessionBatch
    /// The conversation's bot state, when the batch writes a conversation.
    public let botJSON: String?
    /// The profile's app account, when the batch writes a profile.
    public let appJSON: String?
    /// Each message's media list (nil for none), in the order of ``SessionBatch/messages``.
    public let mediaJSON: [String?]

    public init(_ batch: SessionBatch) throws {
        let batch = batch.identifyingMedia()  // ids first: media_json and media rows share them
        self.batch = batch
        switch batch.conversation {
        case .create(let c), .update(let c): botJSON = try StoredJSON.encode(c.bot)
        case .attach, nil: botJSON = nil
        }
        switch batch.profile {
        case .create(let p), .update(let p): appJSON = try StoredJSON.encode(p.app)
        case nil: appJSON = nil
        }
        mediaJSON = try batch.messages.map { try StoredJSON.encode($0.media.isEmpty ? nil : $0.media) }
    }
}
