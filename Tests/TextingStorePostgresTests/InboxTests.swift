import Foundation
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// The staff inbox's reads on PostgreSQL (issue 12, issue 14): the SQLite store's list order,
/// keyset pages that neither repeat nor skip while texts arrive, unread counts against the
/// practice's read mark, a thread a page at a time, and a plan that reads index ranges.
@Suite("PostgresStore: the conversation list and thread (issue 14)")
struct InboxTests {
    typealias Fixture = ReadsFixture

    @Test("the list is active first, then newest activity (last message, else opening), then newest id")
    func order() async throws {
        try await Fixture.with { f in
            let quiet = try await f.open(1, minute: 0)
            let busy = try await f.open(2, minute: 1)
            try await f.text(busy, minute: 30)
            let ended = try await f.open(3, minute: 2)
            try await f.text(ended, minute: 60)
            try await f.end(ended, minute: 61)
            let recent = try await f.open(4, minute: 10)
            let tieA = try await f.open(5, minute: 5)
            let tieB = try await f.open(6, minute: 5)
            #expect(try await f.list().summaries.map(\.conversation.id) == [busy, recent, tieB, tieA, quiet, ended])
            #expect(try await f.list(activeOnly: true).summaries.map(\.conversation.id) == [busy, recent, tieB, tieA, quiet])
            let first = try #require(try await f.list().summaries.first)
            #expect(first.lastActivityAt == Fixture.start.addingTimeInterval(30 * 60))
            #expect(first.conversation.isActive && first.conversation.title == "Number 2")
        }
    }

    @Test("keyset pages: no conversation twice and none skipped while texts arrive and conversations open between pages")
    func pagesWithoutGapsOrRepeats() async throws {
        try await Fixture.with { f in
            var opened: [ConversationID] = []
            for n in 0..<23 {
                let id = try await f.open(n, minute: Double(n))
                try await f.text(id, minute: Double(n) + 0.5)
                opened.append(id)
            }
            #expect(try await f.allPages(limit: 5) == opened.reversed())

            var moved: [ConversationID] = []
            var extra = 100
            let seen = try await f.allPages(limit: 5) { page in
                let target = opened[max(0, 20 - page * 6)]
                try await f.text(target, minute: 1_000 + Double(page))
                moved.append(target)
                extra += 1
                try await f.open(extra, minute: 1_000 + Double(page))
            }
            #expect(Set(seen).count == seen.count, "a conversation listed twice")
            let untouched = opened.filter { !moved.contains($0) }
            #expect(untouched.allSatisfy { seen.contains($0) }, "a conversation whose activity did not change was skipped")
            let fresh = try await f.list(limit: 50).summaries.map(\.conversation.id)
            #expect(Set(fresh.prefix(moved.count * 2)).isSuperset(of: moved))
        }
    }

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

    @Test("W2: another practice's conversations are never listed")
    func practiceIsolation() async throws {
        try await Fixture.with { f in
            let ours = try await f.open(1)
            let theirs = try await f.open(1, practice: f.b)
            try await f.text(theirs, minute: 5)
            #expect(try await f.list().summaries.map(\.conversation.id) == [ours])
            #expect(try await f.list(f.b).summaries.map(\.conversation.id) == [theirs])
        }
    }

    @Test("unread counts inbound messages after the practice's read mark; marking read never moves it back")
    func unreadCounts() async throws {
        try await Fixture.with { f in
            let id = try await f.open(1)
            try await f.text(id, minute: 1)
            let second = try await f.text(id, minute: 2)
            #expect(try await f.list().summaries.first?.unread == 2)
            #expect(try await f.list().summaries.first?.staffReadThrough == nil)
            let reply = try await f.reply(id, minute: 3)
            let afterReply = try #require(try await f.list().summaries.first)
            #expect(afterReply.unread == 0 && afterReply.staffReadThrough == reply)
            try await f.text(id, minute: 4)
            let latest = try await f.text(id, minute: 5)
            #expect(try await f.list().summaries.first?.unread == 2)

            let back = try #require(try await f.store.markRead(conversation: id, through: second))
            #expect(back.through == reply && back.unread == 2)
            let forward = try #require(try await f.store.markRead(conversation: id, through: latest))
            #expect(forward.through == latest && forward.unread == 0)
            #expect(try await f.list().summaries.first?.unread == 0)
            #expect(try await f.list().summaries.first?.staffReadThrough == latest)
        }
    }

    @Test("marking read with a message of another conversation, or none, changes nothing")
    func markReadOtherConversation() async throws {
        try await Fixture.with { f in
            let id = try await f.open(1)
            try await f.text(id, minute: 1)
            let other = try await f.open(2)
            let foreign = try await f.text(other, minute: 2)
            #expect(try await f.store.markRead(conversation: id, through: foreign) == nil)
            #expect(try await f.store.markRead(conversation: id, through: MessageID(999_999)) == nil)
            #expect(try await f.list().summaries.first { $0.conversation.id == id }?.unread == 1)
        }
    }

    @Test("R2, C3: each row carries its newest message: a preview of the body, author, channel, delivery state")
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
            let none = try await f.open(2, minute: 3)
            #expect(try await f.list().summaries.first { $0.conversation.id == none }?.lastMessage == nil)
        }
    }

    @Test("R3: the client's name is the conversation's profile, else the number's by R3's order")
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

    @Test("the thread pages back from the newest: newest messages before the cursor, oldest first, then none")
    func threadPages() async throws {
        try await Fixture.with { f in
            let id = try await f.open(1)
            var sent: [MessageID] = []
            for n in 0..<250 { sent.append(try await f.text(id, "m\(n)", minute: Double(n))) }
            let other = try await f.open(2)
            try await f.text(other, minute: 1)

            let newest = try await f.store.messages(conversation: id, before: nil, limit: 100)
            #expect(newest.messages.map(\.id) == Array(sent[150..<250]))
            #expect(newest.messages.first?.body == "m150" && newest.messages.first?.author == .client)
            #expect(newest.older == sent[150])
            let middle = try await f.store.messages(conversation: id, before: newest.older, limit: 100)
            #expect(middle.messages.map(\.id) == Array(sent[50..<150]))
            let oldest = try await f.store.messages(conversation: id, before: middle.older, limit: 100)
            #expect(oldest.messages.map(\.id) == Array(sent[0..<50]))
            #expect(oldest.older == nil)
            let exact = try await f.store.messages(conversation: id, before: sent[100], limit: 100)
            #expect(exact.messages.map(\.id) == Array(sent[0..<100]) && exact.older == nil)
            #expect(try await f.store.messages(conversation: id, before: nil, limit: 0).messages.map(\.id) == [sent[249]])
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
                #expect(plan.contains("Index Only Scan using message_by_conversation_direction on message u"), "\(plan)")
                // Only the R3 lookup inside one row sorts (a number's few profiles); the list never does.
                #expect(!plan.contains("Sort Key: c."), "\(plan)")
                #expect(!plan.contains("Seq Scan on conversation"), "\(plan)")
                #expect(!plan.contains("Seq Scan on message"), "\(plan)")
            }
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
