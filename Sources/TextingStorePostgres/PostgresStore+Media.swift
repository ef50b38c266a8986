import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// The `media` table (R4, R5): one row per file of a message, written in the same transaction as
/// the message, so a text acknowledged to the carrier (D1) never loses its pending downloads.
///
/// Several daemons share the table (M1): ``dueMediaDownloads(now:limit:)`` claims the rows it
/// returns until `now` + ``PostgresStore/claimLease`` (`claimed_until`), so each file is downloaded
/// by one daemon at a time; ``recordMediaDownload(_:outcome:)`` clears the claim, and a claim whose
/// daemon died runs out and the file is handed out again.
extension PostgresStore {
    /// The most rows one ``dueMediaDownloads(now:limit:)`` call returns, whatever `limit` asks.
    static let maximumMediaBatch = 500

    public func dueMediaDownloads(now: Date, limit: Int) async throws -> [MediaRecord] {
        let at = now.timeIntervalSince1970
        let until = now.addingTimeInterval(Self.claimLease.inSeconds).timeIntervalSince1970
        let count = min(max(limit, 1), Self.maximumMediaBatch)
        return try await unwrappingTransaction { connection, logger in
            // Rows another daemon is claiming right now are skipped, not waited for. Files of one
            // message come in their order in its media list (where each id appears in its text).
            var order: [String] = []
            for try await id in try await connection.query("""
                SELECT f.id FROM media f JOIN message m ON m.id = f.message_id
                WHERE f.state = 'pending' AND f.next_attempt_at <= \(at) AND (f.claimed_until IS NULL OR f.claimed_until <= \(at))
                ORDER BY f.next_attempt_at, f.message_id, position(f.id IN COALESCE(m.media_json, '')), f.id
                LIMIT \(count) FOR UPDATE OF f SKIP LOCKED
                """, logger: logger).decode(String.self) { order.append(id) }
            guard !order.isEmpty else { return [] }
            let rows = try await connection.query("""
                UPDATE media SET claimed_until = \(until) WHERE id = ANY(\(order)) RETURNING *
                """, logger: logger).collect()
            let records = Dictionary(try rows.map { row in
                let record = try Self.mediaRecord(from: row)
                return (record.id, record)
            }, uniquingKeysWith: { first, _ in first })
            return order.compactMap { records[$0] }
        }
    }

    public func recordMediaDownload(_ id: String, outcome: MediaDownloadOutcome) async throws {
        try Self.checkStorable(id)
        switch outcome {
        case .stored(let path, _, let contentType): try Self.checkStorable(path, contentType)
        case .retry(_, let error): try Self.checkStorable(error)
        case .failed(let reason): try Self.checkStorable(reason)
        }
        try await unwrappingTransaction { connection, logger in
            let rows = try await connection.query("SELECT * FROM media WHERE id = \(id) FOR UPDATE", logger: logger).collect()
            guard let row = rows.first else { return }
            var record = try Self.mediaRecord(from: row)
            // A final state is never changed again (a late outcome of a duplicate attempt).
            guard record.apply(outcome) else { return }
            let a = record.attachment
            try await connection.query("""
                UPDATE media SET state = \(a.state.rawValue), stored_path = \(a.storedPath), byte_count = \(a.byteCount),
                    content_type = \(a.contentType), failure = \(a.failure), attempts = \(record.attempts),
                    next_attempt_at = \(record.nextAttemptAt?.timeIntervalSince1970), claimed_until = NULL
                WHERE id = \(id)
                """, logger: logger)
            try await Self.updateMessageMedia(connection, message: record.messageID, with: a, logger: logger)
        }
    }

    public func media(_ id: String) async throws -> MediaRecord? {
        try Self.checkStorable(id)
        return try await client.withConnection { connection in
            try await connection.query("SELECT * FROM media WHERE id = \(id)", logger: logger).collect()
                .first.map(Self.mediaRecord(from:))
        }
    }

    // MARK: - Inside a message's transaction

    /// Writes a row per identified attachment of the message `messageID` just inserted. Pending
    /// (inbound) rows are due at once.
    static func insertMedia(_ connection: PostgresConnection, _ m: MessageDraft, messageID: Int64, practice: PracticeID?,
                            logger: Logger) async throws {
        let created = m.createdAt.timeIntervalSince1970
        for attachment in m.media {
            guard let id = attachment.id else { continue }
            try await connection.query("""
                INSERT INTO media (id, message_id, practice_id, direction, content_type, file_name, stored_path, source_url,
                    state, attempts, next_attempt_at, failure, byte_count, created_at)
                VALUES (\(id), \(messageID), \(practice?.rawValue), \(m.direction.rawValue), \(attachment.contentType),
                    \(attachment.fileName), \(attachment.storedPath), \(attachment.sourceURL), \(attachment.state.rawValue), 0,
                    \(attachment.state == .pending ? created : nil), \(attachment.failure), \(attachment.byteCount), \(created))
                """, logger: logger)
        }
    }

    /// Rewrites the one attachment of the message's `media_json` list that has `attachment`'s id,
    /// so reads show the download's outcome (the rest of the message never changes).
    private static func updateMessageMedia(_ connection: PostgresConnection, message: MessageID, with attachment: MediaAttachment,
                                           logger: Logger) async throws {
        let rows = try await connection.query("SELECT media_json FROM message WHERE id = \(message.rawValue) FOR UPDATE",
                                              logger: logger).collect()
        guard let text = try rows.first?.decode(String?.self),
              var list = try StoredJSON.decode([MediaAttachment].self, text),
              let index = list.firstIndex(where: { $0.id == attachment.id })
        else { return }
        list[index] = attachment
        try await connection.query("UPDATE message SET media_json = \(try StoredJSON.encode(list)) WHERE id = \(message.rawValue)",
                                   logger: logger)
    }
}
