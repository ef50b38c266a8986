import Foundation
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// The app channel and the unread-app text's reads on PostgreSQL (issue 14, P2, P3), beyond the
/// store conformance suite's scenarios (`Tests/TextingStoreTests/AppChannelStoreTests`): the
/// list's limit, names and practices, its plan, and the unread stretches no decision covers.
@Suite("PostgresStore: the app channel and unread-app stretches (issue 14)")
struct AppChannelTests {
    typealias Fixture = ReadsFixture

    /// Directory client PMS-1 with number 0 of the fixture; its profile.
    static func directoryClient(_ f: Fixture) async throws -> ClientProfile {
        try await f.store.upsertDirectory(practice: f.a, clients: [
            ClientProfile(id: ClientID(0), practiceID: f.a, source: .pms, externalID: "PMS-1", firstName: "Jamie",
                          lastName: "Rivers", phones: [Fixture.phone(0)]),
        ])
        return try #require(try await f.store.directoryClient(practice: f.a, externalID: "PMS-1"))
    }

    @Test("P2: the client's conversations carry its name, stop at the limit and stay in the practice asked for")
    func clientConversations() async throws {
        try await Fixture.with { f in
            let client = try await Self.directoryClient(f)
            #expect(client.phones == [Fixture.phone(0)])
            #expect(try await f.store.directoryClient(practice: f.b, externalID: "PMS-1") == nil)
            await #expect(throws: TextingError.self) { try await f.store.directoryClient(practice: f.a, externalID: "P\u{0}") }
            let byNumber = try await f.open(0, minute: 0)
            try await f.text(byNumber, minute: 1)
            try await f.reply(byNumber, minute: 2)
            try await f.reply(byNumber, minute: 3)
            let byID = try await f.open(1, minute: 4, clientID: client.id)
            let other = try await f.open(2, minute: 5)
            try await f.open(0, practice: f.b, minute: 6)
            let rows = try await f.store.clientConversations(practice: f.a, client: client.id, phones: client.phones, limit: 10)
            #expect(rows.map(\.summary.conversation.id) == [byID, byNumber])
            #expect(rows.map(\.unreadByClient) == [0, 2])
            #expect(rows.allSatisfy { $0.summary.clientName == "Jamie Rivers" })
            #expect(!rows.contains { $0.summary.conversation.id == other })
            #expect(rows.last?.summary.lastMessage?.author == .staff("Dana"))
            let limited = try await f.store.clientConversations(practice: f.a, client: client.id, phones: client.phones, limit: 1)
            #expect(limited.map(\.summary.conversation.id) == [byID])
            let noNumbers = try await f.store.clientConversations(practice: f.a, client: client.id, phones: [], limit: 10)
            #expect(noNumbers.map(\.summary.conversation.id) == [byID])
            let elsewhere = try await f.store.clientConversations(practice: f.b, client: client.id, phones: client.phones, limit: 10)
            #expect(elsewhere.count == 1 && elsewhere.first?.summary.conversation.practiceID == f.b)
            let one = try #require(try await f.store.clientConversation(byNumber, client: client.id))
            #expect(one == rows.last)
            #expect(try await f.store.clientConversation(ConversationID(999_999), client: client.id) == nil)
        }
    }

    @Test("the app's list reads the client's two index ranges, not the practice's conversations")
    func queryPlan() async throws {
        try await Fixture.with { f in
            let client = try await Self.directoryClient(f)
            try await f.execute("""
                INSERT INTO conversation (practice_id, phone, title, channel, active, created_at, last_activity_at)
                SELECT \(f.a.rawValue), '+1312555' || (2000 + g % 7000)::text, 'n', 'text', 0, g, g
                FROM generate_series(1, 10000) g
                """)
            try await f.execute("ANALYZE")
            var binds = PostgresBindings()
            binds.append(client.id.rawValue)
            binds.append(f.a.rawValue)
            binds.append(["+13125552000", "+13125552001"])
            binds.append(Int64(100))
            var lines: [String] = []
            let query = PostgresQuery(unsafeSQL: "EXPLAIN " + PostgresStore.clientConversationsSQL, binds: binds)
            for try await line in try await f.store.client.query(query, logger: f.store.logger).decode(String.self) {
                lines.append(line)
            }
            let plan = lines.joined(separator: "\n")
            #expect(plan.contains("BitmapOr"), "\(plan)")
            #expect(plan.contains("Bitmap Index Scan on conversation_by_client"), "\(plan)")
            #expect(plan.contains("Bitmap Index Scan on conversation_by_phone"), "\(plan)")
            #expect(!plan.contains("Seq Scan on conversation"), "\(plan)")
        }
    }

    @Test("P3: unread app stretches: sent in the window, unread, not covered by a decision; oldest first")
    func unreadStretches() async throws {
        try await Fixture.with { f in
            let older = try await f.open(0, minute: 0)
            try await f.reply(older, minute: 1, channel: .app)
            let newest = try await f.reply(older, minute: 2, channel: .app)
            let newer = try await f.open(1, minute: 0)
            let newerOne = try await f.reply(newer, minute: 3, channel: .app)
            let byText = try await f.open(2, minute: 0)
            try await f.reply(byText, minute: 1)
            let read = try await f.open(3, minute: 0)
            let readOne = try await f.reply(read, minute: 1, channel: .app)
            _ = try await f.store.markReadByClient(conversation: read, through: readOne, at: Fixture.start)

            let since = Fixture.start
            let before = Fixture.start.addingTimeInterval(3600)
            let stretches = try await f.store.unreadAppStretches(since: since, sentBefore: before, limit: 10)
            #expect(stretches == [
                UnreadAppStretch(conversationID: older, practiceID: f.a, phone: Fixture.phone(0), newestUnread: newest,
                                 oldestUnreadAt: Fixture.start.addingTimeInterval(60)),
                UnreadAppStretch(conversationID: newer, practiceID: f.a, phone: Fixture.phone(1), newestUnread: newerOne,
                                 oldestUnreadAt: Fixture.start.addingTimeInterval(180)),
            ])
            #expect(try await f.store.unreadAppStretches(since: since, sentBefore: before, limit: 1).map(\.conversationID) == [older])
            #expect(try await f.store.unreadAppStretches(since: since.addingTimeInterval(150), sentBefore: before, limit: 10)
                .map(\.conversationID) == [newer])  // only messages sent in the window count
            #expect(try await f.store.unreadAppStretches(since: since, sentBefore: since.addingTimeInterval(60), limit: 10)
                .isEmpty)
            #expect(try await f.store.unreadAppStretch(conversation: older)?.newestUnread == newest)
            #expect(try await f.store.unreadAppStretch(conversation: read) == nil)
            #expect(try await f.store.unreadAppStretch(conversation: byText) == nil)
            #expect(try await f.store.appNudge(conversation: older) == nil)

            // A decision covers the stretch until the client reads past it.
            try await f.execute("""
                INSERT INTO app_nudge (conversation_id, through_message_id, skipped, message_id, at)
                VALUES (\(older.rawValue), \(newest.rawValue), 'optedOut', NULL, 1800000500)
                """)
            #expect(try await f.store.unreadAppStretches(since: since, sentBefore: before, limit: 10).map(\.conversationID) == [newer])
            #expect(try await f.store.unreadAppStretch(conversation: older) == nil)
            #expect(try await f.store.appNudge(conversation: older) == AppNudgeMark(
                conversationID: older, through: newest, skipped: .optedOut, at: Date(timeIntervalSince1970: 1_800_000_500)))
            _ = try await f.store.markReadByClient(conversation: older, through: newest, at: Fixture.start)
            let later = try await f.reply(older, minute: 10, channel: .app)
            let again = try #require(try await f.store.unreadAppStretch(conversation: older))
            #expect(again.newestUnread == later && again.oldestUnreadAt == Fixture.start.addingTimeInterval(600))
        }
    }
}
