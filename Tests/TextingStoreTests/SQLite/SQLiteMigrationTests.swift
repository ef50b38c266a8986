import Foundation
import GRDB
import Testing
import TextingCore
import TextingStore
@testable import TextingStoreSQLite

/// Migrations of the SQLite file fill new columns and rows of what was stored before them.
@Suite("SQLiteStore: migrations of existing data")
struct SQLiteMigrationTests {
    @Test("migration v6 fills the list's columns of existing conversations; they count as read up to the last staff reply")
    func migrationBackfill() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("twowayd.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v5-staff-accounts")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO practice (id, name, country, time_zone, practice_phone, emergency_phone, created_at)
                    VALUES (1, 'Old Vet', 'US', 'America/Chicago', '+13125550100', '+13125550199', 0);
                INSERT INTO conversation (id, practice_id, phone, title, channel, active, created_at)
                    VALUES (1, 1, '+13125552001', 'a', 'text', 1, 100), (2, 1, '+13125552002', 'b', 'text', 1, 200);
                INSERT INTO message (id, practice_id, conversation_id, phone, direction, channel, author, body, routed, created_at)
                    VALUES (1, 1, 1, '+13125552001', 'inbound', 'text', 'client', 'hi', 1, 300),
                           (2, 1, 1, '+13125552001', 'outbound', 'text', 'staff:Dana', 'hello', 1, 400),
                           (3, 1, 1, '+13125552001', 'inbound', 'text', 'client', 'thanks', 1, 500);
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let rows = try await store.conversationList(practice: PracticeID(1), activeOnly: false, after: nil, limit: 10).summaries
        #expect(rows.map(\.conversation.id.rawValue) == [1, 2])
        #expect(rows.map(\.lastActivityAt.timeIntervalSince1970) == [500, 200])
        #expect(rows.map(\.unread) == [1, 0])
        #expect(rows.map(\.lastMessage?.body) == ["thanks", nil])
        #expect(rows.map(\.staffReadThrough) == [MessageID(2), nil])
    }
    @Test("R4, D3: attachments stored before the media table existed get ids and rows; pending ones are fetched")
    func migrationBackfills() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("twowayd.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v2-early-delivery-status")
        let old = #"[{"contentType":"image/jpeg","sourceURL":"https://m/old"},{"contentType":"application/pdf","storedPath":"x.pdf"}]"#
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO message (phone, direction, channel, author, body, routed, media_json, created_at)
                VALUES ('+13125550142', 'inbound', 'text', 'client', 'old photo', 0, ?, 100)
                """, arguments: [old])
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let message = try #require(try await store.message(MessageID(1)))
        #expect(message.media.map(\.state) == [.pending, .stored])
        #expect(message.media.allSatisfy { $0.id.map(MediaIdentifier.isWellFormed) == true })
        let due = try await store.dueMediaDownloads(now: Date(), limit: 10)
        #expect(due.map(\.id) == [message.media[0].id])
        #expect(due.first?.attachment.sourceURL == "https://m/old")
        #expect(try await store.media(try #require(message.media[1].id))?.attachment.storedPath == "x.pdf")
    }
}
