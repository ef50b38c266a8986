import Foundation
import Testing
import TextingCore
import TextingStore

/// The staff inbox's reads (issue 12): the conversation list in its order, keyset pages that
/// neither repeat nor skip while texts arrive, unread counts against the practice's read mark,
/// a thread a page at a time (the query plans are SQLite's: SQLite/SQLiteQueryPlanTests).
@Suite("Store: the conversation list and thread (issue 12)")
struct ConversationListTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store with practice A (number 800-555-1000) and practice B (800-555-1001).
    struct Fixture {
        let store: any ConformingStore
        let a: PracticeID
        let b: PracticeID

        init(_ store: any ConformingStore) async throws {
            self.store = store
            a = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            b = try await store.createPractice(try StoreFixtures.practice("800-555-1001")).id
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

    @Test("the list is active first, then newest activity (last message, else opening), then newest id", arguments: StoreKind.allCases)
    func order(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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
    }

    @Test("keyset pages: no conversation twice and none skipped while texts arrive and conversations open between pages", arguments: StoreKind.allCases)
    func pagesWithoutGapsOrRepeats(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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
    }

    @Test("W2: another practice's conversations are never listed", arguments: StoreKind.allCases)
    func practiceIsolation(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
            let ours = try await f.open(1)
            let theirs = try await f.open(1, practice: f.b)
            try await f.text(theirs, minute: 5)
            #expect(try await f.list().summaries.map(\.conversation.id) == [ours])
            #expect(try await f.list(f.b).summaries.map(\.conversation.id) == [theirs])
        }
    }

    @Test("unread counts inbound messages after the practice's read mark; a staff reply marks read through itself", arguments: StoreKind.allCases)
    func unreadCounts(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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
    }

    @Test("marking read with a message of another conversation changes nothing", arguments: StoreKind.allCases)
    func markReadOtherConversation(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
            let id = try await f.open(1)
            try await f.text(id, minute: 1)
            let other = try await f.open(2)
            let foreign = try await f.text(other, minute: 2)
            #expect(try await f.store.markRead(conversation: id, through: foreign) == nil)
            #expect(try await f.store.markRead(conversation: id, through: MessageID(999_999)) == nil)
            #expect(try await f.list().summaries.first { $0.conversation.id == id }?.unread == 1)
        }
    }

    @Test("R2, C3: each row carries its newest message: a preview of the body, author, channel, delivery state", arguments: StoreKind.allCases)
    func lastMessage(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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
    }

    @Test("R3: the client's name is the conversation's profile, else the number's by R3's order", arguments: StoreKind.allCases)
    func clientNames(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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

    @Test("the thread pages back from the newest: newest messages before the cursor, oldest first, then none", arguments: StoreKind.allCases)
    func threadPages(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
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
    }

}
