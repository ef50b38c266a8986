import Foundation
import GRDB
import Testing
import TextingCore
import TextingStore
@testable import TextingStoreSQLite

/// The SQLite store's reads are index range scans (EXPLAIN QUERY PLAN): the conversation list and
/// thread, the app's client list, the outbox's per-number read.
@Suite("SQLiteStore: query plans")
struct SQLiteQueryPlanTests {
    typealias Fixture = ConversationListTests.Fixture

    /// A fixture on a SQLite file, and that store.
    static func fixture() async throws -> (Fixture, SQLiteStore) {
        let (store, _) = try SQLiteStoreTests.temporaryStore()
        return (try await Fixture(store), store)
    }

    @Test("both reads are index range scans: no full scan, no sort, unread counted in an index alone")
    func queryPlans() async throws {
        let (f, sqlite) = try await Self.fixture()
        try await f.text(try await f.open(1), minute: 1)
        let plans = try await sqlite.pool.read { db in
            let list = try Self.plan(db, SQLiteStore.conversationListSQL(activeOnly: false, paged: true), [1, 1, 0.0, 1, 51])
            let active = try Self.plan(db, SQLiteStore.conversationListSQL(activeOnly: true, paged: false), [1, 51])
            let thread = try Self.plan(db, "SELECT * FROM message WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                                       [1, 100, 101])
            return (list, active, thread)
        }
        for plan in [plans.0, plans.1] {
            #expect(plan.contains("SEARCH c USING INDEX conversation_inbox (practice_id=?"), "\(plan)")
            #expect(plan.contains("USING COVERING INDEX message_by_conversation (conversation_id=? AND id>?)"),
                    "\(plan)")
            // Only the R3 lookup inside one row sorts (a number's few profiles); the list never does.
            #expect(!plan.contains("\nUSE TEMP B-TREE"), "\(plan)")
            #expect(!plan.contains("SCAN "), "\(plan)")
        }
        #expect(plans.0.contains("conversation_inbox (practice_id=? AND (active,last_activity_at"), "\(plans.0)")
        #expect(plans.1.contains("conversation_inbox (practice_id=? AND active=?)"), "\(plans.1)")
        #expect(plans.2.contains("USING INDEX message_by_conversation (conversation_id=? AND id<?)"), "\(plans.2)")
        #expect(!plans.2.contains("TEMP B-TREE"), "\(plans.2)")
    }

    /// The plan as text, one step a line, a nested step indented under its parent (top-level
    /// steps start at the beginning of a line).
    static func plan(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> String {
        var depth: [Int: Int] = [0: -1]
        return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { row in
            let id: Int = row["id"]
            let parent: Int = row["parent"]
            let level = (depth[parent] ?? -1) + 1
            depth[id] = level
            return String(repeating: "  ", count: level) + (row["detail"] as String)
        }.joined(separator: "\n")
    }

    @Test("the app's list reads the client's two index ranges, not the practice's conversations")
    func queryPlan() async throws {
        let (f, sqlite) = try await Self.fixture()
        let client = try await AppChannelStoreTests.directoryClient(f)
        _ = try await f.text(try await f.open(0), minute: 1)
        let plan = try await sqlite.pool.read { db in
            try Self.plan(db, SQLiteStore.clientListSQL(numbers: 2),
                          [client.id.rawValue, client.id.rawValue, 1, 1, "+13125552000", "+13125552001", 100])
        }
        #expect(plan.contains("MULTI-INDEX OR"), "\(plan)")
        #expect(plan.contains("USING INDEX conversation_by_client (client_id=?)"), "\(plan)")
        #expect(plan.contains("USING INDEX conversation_by_phone (practice_id=? AND phone=?)"), "\(plan)")
        #expect(!plan.contains("conversation_inbox"), "\(plan)")
        #expect(!plan.contains("SCAN c"), "\(plan)")
    }

    @Test("D2: the per-number read uses the outbox_by_sender index, not a scan of the outbox")
    func perNumberReadUsesTheIndex() async throws {
        let (store, _) = try SQLiteStoreTests.temporaryStore()
        try await OutboxFairnessTests.queue([3], in: store)
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.dueOutboxSQL,
                             arguments: ["[]", OutboxFairnessTests.now.storageValue, 10, "[]"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX outbox_by_sender (from_number=? AND next_attempt_at<?)") })
        // No full scan of the table: every access to it is a seek in outbox_by_sender or by id.
        // (outbox_due's "state=?" range is every unsent row: a scan in all but name.)
        #expect(!plan.contains { $0 == "SCAN outbox" || $0 == "SCAN queued" }, "\(plan)")
        let outboxAccesses = plan.filter { $0.contains(" outbox ") || $0.contains(" queued ") }
        #expect(!outboxAccesses.isEmpty)
        for access in outboxAccesses {
            #expect(access.contains("USING INDEX outbox_by_sender") || access.contains("USING INTEGER PRIMARY KEY (rowid=?)"),
                    "\(access)")
        }
    }
}
