import Foundation
import GRDB
import Testing
import TextingCore
@testable import TextingStore

/// Checkpoints run beside the commits (p99 latency, Docs/performance.md), never losing a
/// committed write (D1).
@Suite("SQLiteStore: WAL checkpoints off the commit path")
struct WALCheckpointTests {
    func commitTexts(_ store: SQLiteStore, practice: PracticeID, count: Int, tag: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                group.addTask {
                    let phone = PhoneNumber(e164: "+1312555" + String(format: "%04d", 3000 + i))!  // valid Chicago numbers
                    _ = try await store.commit(SessionBatch(practiceID: practice, phone: phone, messages: [MessageDraft(
                        direction: .inbound, author: .client, body: "\(tag) \(i)", carrierSID: "SM\(tag)\(i)",
                        inConversation: false, createdAt: Date())]))
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("commits leave checkpointing to the background up to the safety-net size")
    func writerCheckpointsOnlyAsSafetyNet() async throws {
        let (store, _) = try SQLiteStoreTests.temporaryStore()
        let pages = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(pages == SQLiteStore.commitCheckpointPages)
    }

    @Test("a passive checkpoint copies every committed page; later commits and a reopen see all rows")
    func passiveCheckpointKeepsEveryWrite() async throws {
        let (store, path) = try SQLiteStoreTests.temporaryStore()
        let practice = try await store.createPractice(try SQLiteStoreTests.practice("800-555-1000"))
        try await commitTexts(store, practice: practice.id, count: 300, tag: "a")
        let first = try await store.checkpointPassively()
        #expect(first.walPages > 0)
        #expect(first.checkpointedPages == first.walPages)
        // The database file alone (without the WAL) now holds the first 300 texts.
        let copy = path + ".copy"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let fromFile = try DatabaseQueue(path: copy)
        #expect(try await fromFile.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") } == 300)

        try await commitTexts(store, practice: practice.id, count: 200, tag: "b")
        try await store.checkpointPassively()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") } == 500)
        #expect(try await reopened.integrityCheck() == ["ok"])
    }

    @Test("checkpoints running while texts are committed lose nothing")
    func checkpointsDuringCommits() async throws {
        let (store, path) = try SQLiteStoreTests.temporaryStore()
        let practice = try await store.createPractice(try SQLiteStoreTests.practice("800-555-1000"))
        async let writes: Void = commitTexts(store, practice: practice.id, count: 1_000, tag: "c")
        for _ in 0..<20 {
            try await store.checkpointPassively()
            try await Task.sleep(for: .milliseconds(5))
        }
        try await writes
        try await store.checkpointPassively()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") } == 1_000)
        #expect(try await reopened.integrityCheck() == ["ok"])
    }
}
