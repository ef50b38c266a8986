import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStoreSQLite

/// What only the SQLite store has: its pragmas, checkpoints and group commit on a file.
@Suite("SQLiteStore: durability, group commit")
struct SQLiteStoreTests {
    static func temporaryStore() throws -> (SQLiteStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("twowayd.sqlite").path
        return (try SQLiteStore(path: path), path)
    }

    @Test("D1: WAL and synchronous=FULL are in force on every connection")
    func durablePragmas() async throws {
        let (store, _) = try Self.temporaryStore()
        let (mode, sync) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
    }

    @Test("D1: the WAL is copied back into the database file beside the commits, not inside one")
    func checkpointsBesideCommits() async throws {
        let (store, path) = try Self.temporaryStore()
        let pages = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(pages == SQLiteStore.checkpointPages)
        let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
        let phone = try #require(PhoneNumber(e164: "+13125553000"))
        let body = String(repeating: "x", count: 3_000)  // about a page a message
        let commits = 1_000  // fewer log pages than a commit's own checkpoint waits for
        let fileBefore = try Self.size(path)
        for i in 0..<commits {
            let batch = SessionBatch(practiceID: practice.id, phone: phone, messages: [MessageDraft(
                direction: .inbound, author: .client, body: body, carrierSID: "SMw\(i)", inConversation: false,
                createdAt: Date())])
            _ = try await store.commit(batch)
        }
        // The messages' pages reach the database file itself only through a checkpoint: here
        // none ran inside a commit, so the checkpointer copied them.
        var copied = try Self.size(path) - fileBefore
        let deadline = ContinuousClock.now + .seconds(10)
        while copied < commits * 3_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            copied = try Self.size(path) - fileBefore
        }
        #expect(copied >= commits * 3_000, "the database file grew by \(copied) bytes")
        let stored = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") }
        #expect(stored == commits)
    }

    static func size(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    @Test("Concurrent writers share commits and every write is stored")
    func groupCommit() async throws {
        let (store, path) = try Self.temporaryStore()
        let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<500 {
                group.addTask {
                    let phone = PhoneNumber(e164: "+1312555" + String(format: "%04d", 3000 + i))!  // valid Chicago numbers
                    let batch = SessionBatch(practiceID: practice.id, phone: phone, messages: [MessageDraft(
                        direction: .inbound, author: .client, body: "m\(i)", carrierSID: "SMg\(i)", inConversation: false,
                        createdAt: Date())])
                    _ = try await store.commit(batch)
                }
            }
            try await group.waitForAll()
        }
        let reopened = try SQLiteStore(path: path)
        let count = try await reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") }
        #expect(count == 500)
        #expect(try await reopened.integrityCheck() == ["ok"])
    }
}
