import Foundation
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// The staff inbox's reads on PostgreSQL (issue 14), beyond the store conformance suite's
/// scenarios (`Tests/TextingStoreTests/ConversationListTests`, run on every store): rows seeded
/// in SQL for the cases the suite does not reach, and the list's plan on 10,000 conversations.
@Suite("PostgresStore: the conversation list (issue 14)")
struct InboxTests {
    typealias Fixture = ReadsFixture

    @Test("pages cross from active to ended conversations, and activeOnly pages stop at the last active one")
    func pagesAcrossEnded() async throws {
        try await Fixture.with { f in
            var active: [ConversationID] = []
            var ended: [ConversationID] = []
            for n in 0..<7 {
                let id = try await f.open(n, minute: Double(n))
                if n.isMultiple(of: 2) {
                    try await f.end(id, minute: 100)
                    ended.append(id)
                } else {
                    active.append(id)
                }
            }
            #expect(try await f.allPages(limit: 2) == active.reversed() + ended.reversed())
            let first = try await f.list(activeOnly: true, limit: 2)
            let second = try await f.list(activeOnly: true, after: first.next, limit: 2)
            #expect((first.summaries + second.summaries).map(\.conversation.id) == active.reversed())
            #expect(second.next == nil)
        }
    }

    @Test("R2, C3: the newest message's preview is cut after 160 characters, not bytes")
    func lastMessage() async throws {
        try await Fixture.with { f in
            let id = try await f.open(1)
            try await f.text(id, minute: 1)
            let long = String(repeating: "é", count: 500)
            let reply = try await f.reply(id, long, minute: 2)
            let last = try #require(try await f.list().summaries.first?.lastMessage)
            #expect(last.id == reply)
            #expect(last.direction == .outbound && last.author == .staff("Dana") && last.channel == .text)
            #expect(last.body == String(repeating: "é", count: ConversationSummary.previewLength))
            #expect(last.deliveryState == .queued && last.errorCode == nil)
            #expect(last.createdAt == Fixture.start.addingTimeInterval(120))
        }
    }

    @Test("R3: without its own profile, a conversation shows the number's: directory, app, then the newest bot or staff one")
    func clientNames() async throws {
        try await Fixture.with { f in
            let bot = try await f.profile(.bot, first: "Sam", last: "Bot", numbers: [1])
            let named = try await f.open(1, clientID: bot)
            let unnamed = try await f.open(2)
            let staffTyped = try await f.open(3)
            try await f.profile(.staff, first: "Old", last: "Name", numbers: [3], updatedMinute: 1)
            try await f.profile(.staff, first: "New", last: "Name", numbers: [3], updatedMinute: 2)
            var names = Dictionary(uniqueKeysWithValues: try await f.list().summaries.map { ($0.conversation.id, $0.clientName) })
            #expect(names[named] == "Sam Bot")
            #expect(names[unnamed] == .some(nil))
            #expect(names[staffTyped] == "New Name")
            try await f.profile(.app, first: "App", last: nil, numbers: [2])
            try await f.profile(.pms, first: "Pat", last: "Directory", numbers: [2, 3])
            try await f.profile(.pms, first: "Elsewhere", last: "Other", numbers: [2], practice: f.b)
            names = Dictionary(uniqueKeysWithValues: try await f.list().summaries.map { ($0.conversation.id, $0.clientName) })
            #expect(names[unnamed] == "Pat Directory")
            #expect(names[staffTyped] == "Pat Directory")
            #expect(names[named] == "Sam Bot")  // the conversation's own profile wins over the directory
        }
    }

    @Test("on 10,000 conversations the list reads conversation_inbox backwards, with no sort and no scan of the table")
    func queryPlan() async throws {
        try await Fixture.with { f in
            try await f.execute("""
                INSERT INTO conversation (practice_id, phone, title, channel, active, created_at, last_activity_at)
                SELECT CASE WHEN g % 10 = 0 THEN \(f.b.rawValue) ELSE \(f.a.rawValue) END,
                    '+1312555' || (2000 + g % 7000)::text, 'n', 'text', CASE WHEN g % 7000 = g THEN 1 ELSE 0 END,
                    g, g FROM generate_series(1, 10000) g
                """)
            try await f.execute("""
                INSERT INTO message (practice_id, conversation_id, phone, direction, channel, author, body, routed, created_at)
                SELECT c.practice_id, c.id, c.phone, 'inbound', 'text', 'client', 'hi', 1, c.created_at + k
                FROM conversation c, generate_series(1, 3) k
                """)
            try await f.execute("""
                UPDATE conversation c SET last_message_id = (SELECT MAX(id) FROM message m WHERE m.conversation_id = c.id)
                """)
            try await f.execute("ANALYZE")
            for (activeOnly, paged) in [(false, false), (false, true), (true, false), (true, true)] {
                let plan = try await Self.plan(f.store, activeOnly: activeOnly, paged: paged, practice: f.a)
                #expect(plan.contains("Index Scan Backward using conversation_inbox on conversation c"), "\(plan)")
                #expect(plan.contains("Index Only Scan using message_by_conversation on message u"), "\(plan)")
                // Only the R3 lookup inside one row sorts (a number's few profiles); the list never does.
                #expect(!plan.contains("Sort Key: c."), "\(plan)")
                #expect(!plan.contains("Seq Scan on conversation"), "\(plan)")
                #expect(!plan.contains("Seq Scan on message"), "\(plan)")
            }
            #expect(try await f.list(limit: .max).summaries.count == 9_000)
            #expect(try await f.store.messages(conversation: ConversationID(1), before: nil, limit: .max).messages.count == 3)
            let pages = try await f.allPages(limit: 500)
            #expect(pages.count == 9_000 && Set(pages).count == 9_000)
        }
    }

    /// The text plan (`EXPLAIN`) of the list's query for practice `practice`, 50 rows a page.
    static func plan(_ store: PostgresStore, activeOnly: Bool, paged: Bool, practice: PracticeID) async throws -> String {
        var binds = PostgresBindings()
        binds.append(practice.rawValue)
        if paged {
            binds.append(Int64(1))
            binds.append(Double(5_000))
            binds.append(Int64(5_000))
        }
        binds.append(Int64(51))
        let sql = "EXPLAIN " + PostgresStore.conversationListSQL(activeOnly: activeOnly, paged: paged)
        var lines: [String] = []
        for try await line in try await store.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: store.logger)
            .decode(String.self) { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
