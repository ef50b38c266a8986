import Foundation
import GRDB
import Testing
import TextingCore
import TextingStore
@testable import TextingStoreSQLite

/// The staff inbox's reads (issue 12): the conversation list in its order, keyset pages that
/// neither repeat nor skip while texts arrive, unread counts against the practice's read mark,
/// a thread a page at a time, and the query plans that keep both reads index range scans.
@Suite("SQLiteStore: the conversation list and thread (issue 12)")
struct ConversationListTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store with practice A (number 800-555-1000) and practice B (800-555-1001).
    struct Fixture {
        let store: SQLiteStore
        let a: PracticeID
        let b: PracticeID

        init() async throws {
            let (store, _) = try SQLiteStoreTests.temporaryStore()
            self.store = store
            a = try await store.createPractice(try SQLiteStoreTests.practice("800-555-1000")).id
            b = try await store.createPractice(try SQLiteStoreTests.practice("800-555-1001")).id
        }

        static func phone(_ n: Int) -> PhoneNumber {
            // 312-555-2000 + n: valid Chicago numbers.
            PhoneNumber(e164: "+1312555" + String(2000 + n))!  // n < 8000 keeps the number valid (E8)
        }

        /// Opens an active conversation for number `n` at `minute` with no message; its id.
        @discardableResult
        func open(_ n: Int, practice: PracticeID? = nil, minute: Double = 0, clientID: ClientID? = nil) async throws
            -> ConversationID {
            let practice = practice ?? a
            let record = ConversationRecord(
                id: ConversationID(0), practiceID: practice, phone: Self.phone(n), clientID: clientID, title: "Number \(n)",
                channel: .text, isActive: true, createdAt: start.addingTimeInterval(minute * 60))
            let commit = try await store.commit(SessionBatch(practiceID: practice, phone: Self.phone(n), conversation: .create(record)))
            return try #require(commit.conversationID)
        }

        /// A client text into `conversation` at `minute`; its id.
        @discardableResult
        func text(_ conversation: ConversationID, _ body: String = "Hello", minute: Double) async throws -> MessageID {
            let record = try #require(try await store.conversation(conversation))
            let commit = try await store.commit(SessionBatch(
                practiceID: record.practiceID, phone: record.phone, conversation: .attach(conversation),
                messages: [MessageDraft(direction: .inbound, author: .client, body: body, carrierSID: "SM\(UUID().uuidString)",
                                        createdAt: start.addingTimeInterval(minute * 60))]))
            return try #require(commit.messageIDs.first)
        }

        /// A staff reply in `conversation` at `minute`; its id.
        @discardableResult
        func reply(_ conversation: ConversationID, _ body: String = "On it", minute: Double) async throws -> MessageID {
            let record = try #require(try await store.conversation(conversation))
            let commit = try await store.commit(SessionBatch(
                practiceID: record.practiceID, phone: record.phone, conversation: .attach(conversation),
                messages: [MessageDraft(direction: .outbound, author: .staff("Dana"), body: body,
                                        sendFrom: try PhoneNumber(parsing: "800-555-1000"),
                                        createdAt: start.addingTimeInterval(minute * 60), accountID: nil)]))
            return try #require(commit.messageIDs.first)
        }

        func end(_ conversation: ConversationID, minute: Double) async throws {
            var record = try #require(try await store.conversation(conversation))
            record.isActive = false
            record.endedAt = start.addingTimeInterval(minute * 60)
            _ = try await store.commit(SessionBatch(practiceID: record.practiceID, phone: record.phone, conversation: .update(record)))
        }

        func list(_ practice: PracticeID? = nil, activeOnly: Bool = false, after: ConversationListCursor? = nil, limit: Int = 50)
            async throws -> ConversationListPage {
            try await store.conversationList(practice: practice ?? a, activeOnly: activeOnly, after: after, limit: limit)
        }

        /// Every page in turn; `between` runs after each page but the last.
        func allPages(limit: Int, between: (Int) async throws -> Void = { _ in }) async throws -> [ConversationID] {
            var ids: [ConversationID] = []
            var cursor: ConversationListCursor?
            var pageNumber = 0
            repeat {
                let page = try await list(after: cursor, limit: limit)
                ids += page.summaries.map(\.conversation.id)
                cursor = page.next
                if cursor != nil { try await between(pageNumber) }
                pageNumber += 1
            } while cursor != nil
            return ids
        }
    }

    @Test("the list is active first, then newest activity (last message, else opening), then newest id")
    func order() async throws {
        let f = try await Fixture()
        let quiet = try await f.open(1, minute: 0)          // no message: its activity is its opening
        let busy = try await f.open(2, minute: 1)
        try await f.text(busy, minute: 30)
        let ended = try await f.open(3, minute: 2)
        try await f.text(ended, minute: 60)                 // newest activity, but ended
        try await f.end(ended, minute: 61)
        let recent = try await f.open(4, minute: 10)
        let tieA = try await f.open(5, minute: 5)
        let tieB = try await f.open(6, minute: 5)
        let ids = try await f.list().summaries.map(\.conversation.id)
        #expect(ids == [busy, recent, tieB, tieA, quiet, ended])
        #expect(try await f.list(activeOnly: true).summaries.map(\.conversation.id) == [busy, recent, tieB, tieA, quiet])
        let first = try #require(try await f.list().summaries.first)
        #expect(first.lastActivityAt == Self.start.addingTimeInterval(30 * 60))
    }

    @Test("keyset pages: no conversation twice and none skipped while texts arrive and conversations open between pages")
    func pagesWithoutGapsOrRepeats() async throws {
        let f = try await Fixture()
        var opened: [ConversationID] = []
        for n in 0..<23 {
            let id = try await f.open(n, minute: Double(n))
            try await f.text(id, minute: Double(n) + 0.5)
            opened.append(id)
        }
        // Undisturbed: every conversation once, newest activity first.
        let undisturbed = try await f.allPages(limit: 5)
        #expect(undisturbed == opened.reversed())

        // Between pages: a conversation further down gets a text (it moves to the top, above the
        // cursor), another number opens a new conversation (also above). Neither may appear twice
        // or push a row off a later page.
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
        // The moved ones are at the top of a fresh first page.
        let fresh = try await f.list(limit: 50).summaries.map(\.conversation.id)
        #expect(Set(fresh.prefix(moved.count * 2)).isSuperset(of: moved))
    }

    @Test("W2: another practice's conversations are never listed")
    func practiceIsolation() async throws {
        let f = try await Fixture()
        let ours = try await f.open(1)
        let theirs = try await f.open(1, practice: f.b)
        try await f.text(theirs, minute: 5)
        #expect(try await f.list().summaries.map(\.conversation.id) == [ours])
        #expect(try await f.list(f.b).summaries.map(\.conversation.id) == [theirs])
    }

    @Test("unread counts inbound messages after the practice's read mark; a staff reply marks read through itself")
    func unreadCounts() async throws {
        let f = try await Fixture()
        let id = try await f.open(1)
        try await f.text(id, minute: 1)
        let second = try await f.text(id, minute: 2)
        #expect(try await f.list().summaries.first?.unread == 2)
        #expect(try await f.list().summaries.first?.staffReadThrough == nil)
        let reply = try await f.reply(id, minute: 3)
        let afterReply = try #require(try await f.list().summaries.first)
        #expect(afterReply.unread == 0)
        #expect(afterReply.staffReadThrough == reply)
        try await f.text(id, minute: 4)
        let latest = try await f.text(id, minute: 5)
        #expect(try await f.list().summaries.first?.unread == 2)

        // Marking read never moves the mark backwards.
        let back = try #require(try await f.store.markRead(conversation: id, through: second))
        #expect(back.through == reply && back.unread == 2)
        let forward = try #require(try await f.store.markRead(conversation: id, through: latest))
        #expect(forward.through == latest && forward.unread == 0)
        #expect(try await f.list().summaries.first?.unread == 0)
    }

    @Test("marking read with a message of another conversation changes nothing")
    func markReadOtherConversation() async throws {
        let f = try await Fixture()
        let id = try await f.open(1)
        try await f.text(id, minute: 1)
        let other = try await f.open(2)
        let foreign = try await f.text(other, minute: 2)
        #expect(try await f.store.markRead(conversation: id, through: foreign) == nil)
        #expect(try await f.store.markRead(conversation: id, through: MessageID(999_999)) == nil)
        #expect(try await f.list().summaries.first { $0.conversation.id == id }?.unread == 1)
    }

    @Test("R2, C3: each row carries its newest message: a preview of the body, author, channel, delivery state")
    func lastMessage() async throws {
        let f = try await Fixture()
        let id = try await f.open(1)
        try await f.text(id, minute: 1)
        let long = String(repeating: "x", count: 500)
        let reply = try await f.reply(id, long, minute: 2)
        let last = try #require(try await f.list().summaries.first?.lastMessage)
        #expect(last.id == reply)
        #expect(last.direction == .outbound && last.author == .staff("Dana") && last.channel == .text)
        #expect(last.body.count == ConversationSummary.previewLength)
        #expect(last.deliveryState == .queued)
        let none = try await f.open(2, minute: 3)
        #expect(try await f.list().summaries.first { $0.conversation.id == none }?.lastMessage == nil)
    }

    @Test("R3: the client's name is the conversation's profile, else the number's by R3's order")
    func clientNames() async throws {
        let f = try await Fixture()
        let phone = Fixture.phone(1)
        let bot = ClientProfile(id: ClientID(0), practiceID: f.a, source: .bot, firstName: "Sam", lastName: "Bot", phones: [phone])
        let commit = try await f.store.commit(SessionBatch(practiceID: f.a, phone: phone, profile: .create(bot)))
        let named = try await f.open(1, clientID: commit.clientID)
        let unnamed = try await f.open(2)
        var names = Dictionary(uniqueKeysWithValues: try await f.list().summaries.map { ($0.conversation.id, $0.clientName) })
        #expect(names[named] == "Sam Bot")
        #expect(names[unnamed] == .some(nil))
        try await f.store.upsertDirectory(practice: f.a, clients: [
            ClientProfile(id: ClientID(0), practiceID: f.a, source: .pms, externalID: "P-2", firstName: "Pat",
                          lastName: "Directory", phones: [Fixture.phone(2)]),
        ])
        names = Dictionary(uniqueKeysWithValues: try await f.list().summaries.map { ($0.conversation.id, $0.clientName) })
        #expect(names[unnamed] == "Pat Directory")
    }

    @Test("the cursor is opaque text that reads back exactly; anything else is refused")
    func cursorText() throws {
        let cursor = ConversationListCursor(
            active: true, lastActivityAt: Date(timeIntervalSince1970: 1_800_000_123.456789), id: ConversationID(42))
        #expect(ConversationListCursor(text: cursor.text) == cursor)
        #expect(!cursor.text.contains("|") && !cursor.text.contains("="))
        for bad in ["", "42", "abc", "YzF8MXx6enx4", String(repeating: "A", count: 300)] {
            #expect(ConversationListCursor(text: bad) == nil, "\(bad)")
        }
    }

    @Test("the thread pages back from the newest: newest messages before the cursor, oldest first, then none")
    func threadPages() async throws {
        let f = try await Fixture()
        let id = try await f.open(1)
        var sent: [MessageID] = []
        for n in 0..<250 { sent.append(try await f.text(id, "m\(n)", minute: Double(n))) }
        let other = try await f.open(2)
        try await f.text(other, minute: 1)

        let newest = try await f.store.messages(conversation: id, before: nil, limit: 100)
        #expect(newest.messages.map(\.id) == Array(sent[150..<250]))
        #expect(newest.older == sent[150])
        let middle = try await f.store.messages(conversation: id, before: newest.older, limit: 100)
        #expect(middle.messages.map(\.id) == Array(sent[50..<150]))
        let oldest = try await f.store.messages(conversation: id, before: middle.older, limit: 100)
        #expect(oldest.messages.map(\.id) == Array(sent[0..<50]))
        #expect(oldest.older == nil)
        let exact = try await f.store.messages(conversation: id, before: sent[100], limit: 100)
        #expect(exact.messages.map(\.id) == Array(sent[0..<100]) && exact.older == nil)
    }

    @Test("both reads are index range scans: no full scan, no sort, unread counted in an index alone")
    func queryPlans() async throws {
        let f = try await Fixture()
        try await f.text(try await f.open(1), minute: 1)
        let plans = try await f.store.pool.read { db in
            let list = try Self.plan(db, SQLiteStore.conversationListSQL(activeOnly: false, paged: true), [1, 1, 0.0, 1, 51])
            let active = try Self.plan(db, SQLiteStore.conversationListSQL(activeOnly: true, paged: false), [1, 51])
            let thread = try Self.plan(db, "SELECT * FROM message WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                                       [1, 100, 101])
            return (list, active, thread)
        }
        for plan in [plans.0, plans.1] {
            #expect(plan.contains("SEARCH c USING INDEX conversation_inbox (practice_id=?"), "\(plan)")
            #expect(plan.contains("USING COVERING INDEX message_by_conversation_direction (conversation_id=? AND direction=? AND id>?)"),
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
}
