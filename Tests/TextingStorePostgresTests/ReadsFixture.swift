import Foundation
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// Rows for the read tests, written with plain SQL on a fresh, migrated database the way the
/// session writes leave them (a conversation's newest message and activity, a staff reply's read
/// mark), so each read is checked on its own. Practice A has number 800-555-1000, B 800-555-1001.
struct ReadsFixture {
    static let start = Date(storageValue: 1_800_000_000)

    let store: PostgresStore
    let a: PracticeID
    let b: PracticeID

    /// Runs `body` with a fixture on a fresh database.
    static func with(_ body: (ReadsFixture) async throws -> Void) async throws {
        try await PostgresTestDatabase.withFreshStore { store in
            try await body(try await ReadsFixture(store: store))
        }
    }

    /// Runs `body` with a fixture and a second daemon's store on the same fresh database.
    static func withSecondDaemon(_ body: (ReadsFixture, PostgresStore) async throws -> Void) async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore { store in
                try await database.withStore { other in try await body(try await ReadsFixture(store: store), other) }
            }
        }
    }

    private init(store: PostgresStore) async throws {
        self.store = store
        a = PracticeID(try await Self.insert(store, """
            INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, texting_number, created_at)
            VALUES ('A', 'US', 'America/Chicago', '+13125550100', '+13125550199', '+18005551000', 0) RETURNING id
            """))
        b = PracticeID(try await Self.insert(store, """
            INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, texting_number, created_at)
            VALUES ('B', 'US', 'America/Chicago', '+13125550200', '+13125550299', '+18005551001', 0) RETURNING id
            """))
    }

    /// 312-555-2000 + n: valid Chicago numbers.
    static func phone(_ n: Int) -> PhoneNumber {
        PhoneNumber(e164: "+1312555" + String(2000 + n))!  // n < 8000 keeps the number valid (E8)
    }

    static func at(_ minute: Double) -> Double { start.addingTimeInterval(minute * 60).timeIntervalSince1970 }

    /// Runs `query` and returns the `id` of its one row.
    @discardableResult
    static func insert(_ store: PostgresStore, _ query: PostgresQuery) async throws -> Int64 {
        let rows = try await store.client.query(query, logger: store.logger).collect()
        return try #require(rows.first).decode(Int64.self)
    }

    func execute(_ query: PostgresQuery) async throws {
        try await store.client.query(query, logger: store.logger)
    }

    /// Opens an active conversation for number `n` at `minute` with no message; its id.
    @discardableResult
    func open(_ n: Int, practice: PracticeID? = nil, minute: Double = 0, clientID: ClientID? = nil,
              active: Bool = true) async throws -> ConversationID {
        let practice = practice ?? a
        let at = Self.at(minute)
        return ConversationID(try await Self.insert(store, """
            INSERT INTO conversation (practice_id, phone, client_id, title, channel, active, created_at, last_activity_at)
            VALUES (\(practice.rawValue), \(Self.phone(n).e164), \(clientID?.rawValue), \("Number \(n)"), 'text',
                \(Int64(active ? 1 : 0)), \(at), \(at)) RETURNING id
            """))
    }

    /// A message in `conversation` at `minute`, made its newest; a staff reply also marks the
    /// conversation read through itself, as a session's reply does. Its id.
    @discardableResult
    func message(_ conversation: ConversationID, _ body: String, minute: Double, direction: MessageDirection,
                 author: String, channel: TextingCore.Channel = .text, state: DeliveryState? = nil) async throws -> MessageID {
        let at = Self.at(minute)
        let id = try await Self.insert(store, """
            INSERT INTO message (practice_id, conversation_id, phone, direction, channel, author, body, routed,
                delivery_state, created_at)
            SELECT practice_id, id, phone, \(direction.rawValue), \(channel.rawValue), \(author), \(body), 1,
                \(state?.rawValue), \(at) FROM conversation WHERE id = \(conversation.rawValue)
            RETURNING id
            """)
        let readMark: Int64 = author.hasPrefix("staff:") ? id : 0
        try await execute("""
            UPDATE conversation SET last_message_id = \(id), last_activity_at = \(at),
                staff_read_through = GREATEST(staff_read_through, \(readMark)) WHERE id = \(conversation.rawValue)
            """)
        return MessageID(id)
    }

    /// A client text into `conversation` at `minute`; its id.
    @discardableResult
    func text(_ conversation: ConversationID, _ body: String = "Hello", minute: Double) async throws -> MessageID {
        try await message(conversation, body, minute: minute, direction: .inbound, author: "client")
    }

    /// A staff reply by text in `conversation` at `minute`; its id.
    @discardableResult
    func reply(_ conversation: ConversationID, _ body: String = "On it", minute: Double, channel: TextingCore.Channel = .text)
        async throws -> MessageID {
        try await message(conversation, body, minute: minute, direction: .outbound, author: "staff:Dana", channel: channel,
                          state: .queued)
    }

    func end(_ conversation: ConversationID, minute: Double) async throws {
        try await execute("""
            UPDATE conversation SET active = 0, ended_at = \(Self.at(minute)) WHERE id = \(conversation.rawValue)
            """)
    }

    /// A profile of `source` with `numbers`; its id.
    @discardableResult
    func profile(_ source: ProfileSource, first: String?, last: String?, numbers: [Int], practice: PracticeID? = nil,
                 updatedMinute: Double = 0) async throws -> ClientID {
        let practice = practice ?? a
        let id = try await Self.insert(store, """
            INSERT INTO client (practice_id, source, first_name, last_name, created_at, updated_at)
            VALUES (\(practice.rawValue), \(source.rawValue), \(first), \(last), 0, \(Self.at(updatedMinute))) RETURNING id
            """)
        for n in numbers {
            try await execute("""
                INSERT INTO client_phone (client_id, practice_id, phone) VALUES (\(id), \(practice.rawValue), \(Self.phone(n).e164))
                """)
        }
        return ClientID(id)
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
