import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// Staff reads of conversations, messages and subscriptions on PostgreSQL (issue 14): the same
/// rows in the same order as the SQLite store, every column read back as written.
@Suite("PostgresStore: reads of conversations, messages and subscriptions (issue 14)")
struct ReadsTests {
    typealias Fixture = ReadsFixture

    @Test("a conversation reads back whole; the practice's conversations by id, all or the active ones")
    func conversations() async throws {
        try await Fixture.with { f in
            let first = try await f.open(1, minute: 1)
            let ended = try await f.open(2, minute: 2)
            try await f.end(ended, minute: 3)
            let third = try await f.open(3, minute: 4)
            try await f.open(1, practice: f.b, minute: 5)
            let record = try #require(try await f.store.conversation(ended))
            #expect(record.practiceID == f.a && record.phone == Fixture.phone(2) && record.title == "Number 2")
            #expect(!record.isActive && record.channel == .text && record.clientID == nil)
            #expect(record.createdAt == Fixture.start.addingTimeInterval(120))
            #expect(record.endedAt == Fixture.start.addingTimeInterval(180))
            #expect(try await f.store.conversation(ConversationID(999_999)) == nil)
            #expect(try await f.store.conversations(practice: f.a, activeOnly: false).map(\.id) == [first, ended, third])
            #expect(try await f.store.conversations(practice: f.a, activeOnly: true).map(\.id) == [first, third])
        }
    }

    @Test("R2: messages read back with channel, author and delivery state, oldest first; one by id")
    func messages() async throws {
        try await Fixture.with { f in
            let id = try await f.open(1)
            let text = try await f.text(id, "Is Rex ready?", minute: 1)
            let reply = try await f.reply(id, "Yes, come by", minute: 2, channel: .app)
            try await f.text(try await f.open(2), minute: 3)
            let thread = try await f.store.messages(conversation: id)
            #expect(thread.map(\.id) == [text, reply])
            #expect(thread.map(\.body) == ["Is Rex ready?", "Yes, come by"])
            #expect(thread.map(\.channel) == [.text, .app] && thread.map(\.direction) == [.inbound, .outbound])
            #expect(thread.map(\.author) == [.client, .staff("Dana")])
            #expect(thread.map(\.deliveryState) == [nil, .queued])
            #expect(thread.allSatisfy { $0.practiceID == f.a && $0.conversationID == id && $0.routed })
            #expect(try await f.store.message(reply) == thread.last)
            #expect(try await f.store.message(MessageID(999_999)) == nil)
        }
    }

    @Test("E4: messages outside conversations: a practice's, or the orphans of no practice")
    func outsideConversations() async throws {
        try await Fixture.with { f in
            try await f.text(try await f.open(1), minute: 1)
            let unrouted = MessageID(try await Fixture.insert(f.store, """
                INSERT INTO message (practice_id, phone, direction, channel, author, body, routed, created_at)
                VALUES (\(f.a.rawValue), '+13125552001', 'inbound', 'text', 'client', 'disabled', 0, 1) RETURNING id
                """))
            let orphan = MessageID(try await Fixture.insert(f.store, """
                INSERT INTO message (phone, practice_number, direction, channel, author, body, routed, created_at)
                VALUES ('+13125552002', '+18005559999', 'inbound', 'text', 'client', 'nobody', 0, 2) RETURNING id
                """))
            let ours = try await f.store.messagesOutsideConversations(practice: f.a)
            #expect(ours.map(\.id) == [unrouted] && ours.first?.routed == false)
            #expect(try await f.store.messagesOutsideConversations(practice: f.b).isEmpty)
            let orphans = try await f.store.messagesOutsideConversations(practice: nil)
            #expect(orphans.map(\.id) == [orphan] && orphans.first?.practiceID == nil)
        }
    }

    @Test("O4: subscriptions default to subscribed; the stored row and its history read back in order")
    func subscriptions() async throws {
        try await Fixture.with { f in
            let phone = Fixture.phone(1)
            #expect(try await f.store.subscriptions(practice: f.a, phone: phone) == Subscriptions())
            try await f.execute("""
                INSERT INTO subscription (practice_id, phone, two_way, reminders, two_way_opted_out_at)
                VALUES (\(f.a.rawValue), \(phone.e164), 0, 1, 1800000123.25)
                """)
            try await f.execute("""
                INSERT INTO subscription_change (practice_id, phone, kind, subscribed, actor, method, at)
                VALUES (\(f.a.rawValue), \(phone.e164), 'two_way', 0, 'client', 'STOP', 1800000100),
                       (\(f.a.rawValue), \(phone.e164), 'reminders', 1, 'staff:Dana', 'inbox', 1800000200),
                       (\(f.b.rawValue), \(phone.e164), 'reminders', 0, 'client', 'STOP', 1800000300)
                """)
            let stored = try await f.store.subscriptions(practice: f.a, phone: phone)
            #expect(stored == Subscriptions(twoWay: false, reminders: true,
                                            twoWayOptedOutAt: Date(timeIntervalSince1970: 1_800_000_123.25)))
            #expect(try await f.store.subscriptions(practice: f.b, phone: phone) == Subscriptions())
            let history = try await f.store.subscriptionHistory(practice: f.a, phone: phone)
            #expect(history == [
                SubscriptionChange(kind: .twoWay, subscribed: false, actor: "client", method: "STOP",
                                   at: Date(timeIntervalSince1970: 1_800_000_100)),
                SubscriptionChange(kind: .reminders, subscribed: true, actor: "staff:Dana", method: "inbox",
                                   at: Date(timeIntervalSince1970: 1_800_000_200)),
            ])
            #expect(try await f.store.subscriptionHistory(practice: f.a, phone: Fixture.phone(2)).isEmpty)
        }
    }
}
