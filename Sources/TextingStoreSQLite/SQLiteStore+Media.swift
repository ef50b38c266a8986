import Foundation
import GRDB
import TextingCore
import TextingStore

/// The `media` table (R4, R5): one row per file of a message, written in the same transaction as
/// the message, so a text acknowledged to the carrier (D1) never loses its pending downloads.
extension SQLiteStore {
    /// The most rows one ``dueMediaDownloads(now:limit:)`` call returns, whatever `limit` asks.
    static let maximumMediaBatch = 500

    public func dueMediaDownloads(now: Date, limit: Int) async throws -> [MediaRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM media WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?
                """, arguments: try .exact([now.storageValue, min(max(limit, 1), Self.maximumMediaBatch)])).map(Self.mediaRecord(from:))
        }
    }

    public func recordMediaDownload(_ id: String, outcome: MediaDownloadOutcome) async throws {
        try await committer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: try .exact([id])) else { return }
            var record = try Self.mediaRecord(from: row)
            // A final state is never changed again (a late outcome of a duplicate attempt).
            guard record.apply(outcome) else { return }
            let a = record.attachment
            try db.execute(sql: """
                UPDATE media SET state = ?, stored_path = ?, byte_count = ?, content_type = ?, failure = ?, attempts = ?,
                    next_attempt_at = ? WHERE id = ?
                """, arguments: try .exact([a.state.rawValue, a.storedPath, a.byteCount, a.contentType, a.failure, record.attempts,
                                 record.nextAttemptAt?.storageValue, id]))
            try Self.updateMessageMedia(db, message: record.messageID, with: a)
        }
    }

    public func media(_ id: String) async throws -> MediaRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: try .exact([id])).map(Self.mediaRecord(from:))
        }
    }

    // MARK: - Inside a message's transaction

    /// Writes a row per identified attachment of the message `messageID` just inserted. Pending
    /// (inbound) rows are due at once.
    static func insertMedia(_ db: Database, _ m: MessageDraft, messageID: Int64, practice: PracticeID?) throws {
        for attachment in m.media {
            guard let id = attachment.id else { continue }
            try db.execute(sql: """
                INSERT INTO media (id, message_id, practice_id, direction, content_type, file_name, stored_path, source_url,
                    state, attempts, next_attempt_at, failure, byte_count, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """, arguments: try .exact([id, messageID, practice?.rawValue, m.direction.rawValue, attachment.contentType,
                                 attachment.fileName, attachment.storedPath, attachment.sourceURL, attachment.state.rawValue,
                                 attachment.state == .pending ? m.createdAt.storageValue : nil, attachment.failure,
                                 attachment.byteCount, m.createdAt.storageValue]))
        }
    }

    /// Rewrites the one attachment of the message's `media_json` list that has `attachment`'s id,
    /// so reads show the download's outcome (the rest of the message never changes).
    private static func updateMessageMedia(_ db: Database, message: MessageID, with attachment: MediaAttachment) throws {
        let text = try String.fetchOne(db, sql: "SELECT media_json FROM message WHERE id = ?", arguments: try .exact([message.rawValue]))
        guard var list = try StoredJSON.decode([MediaAttachment].self, text),
              let index = list.firstIndex(where: { $0.id == attachment.id })
        else { return }
        list[index] = attachment
        try db.execute(sql: "UPDATE message SET media_json = ? WHERE id = ?",
                       arguments: try .exact([try StoredJSON.encode(list), message.rawValue]))
    }

    static func mediaRecord(from row: Row) throws -> MediaRecord {
        let stateText: String = row["state"]
        guard let state = MediaState(rawValue: stateText) else {
            throw CorruptRow(table: "media", column: "state", value: stateText)
        }
        let directionText: String = row["direction"]
        guard let direction = MessageDirection(rawValue: directionText) else {
            throw CorruptRow(table: "media", column: "direction", value: directionText)
        }
        let id: String = row["id"]
        let practice: Int64? = row["practice_id"]
        return MediaRecord(
            id: id, messageID: MessageID(row["message_id"] as Int64), practiceID: practice.map { PracticeID($0) },
            direction: direction,
            attachment: MediaAttachment(
                contentType: row["content_type"], storedPath: row["stored_path"], sourceURL: row["source_url"],
                fileName: row["file_name"], id: id, state: state, failure: row["failure"], byteCount: row["byte_count"]),
            attempts: row["attempts"], nextAttemptAt: row.date("next_attempt_at"),
            createdAt: Date(storageValue: row["created_at"]))
    }
}
