import Foundation
import Logging
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

@Suite("PostgreSQL schema and migrations (M1, S5, R6)")
struct MigrationTests {
    /// Runs `body` with `count` stores on the database at `url` (as many daemons), their pools
    /// running, none migrated.
    static func withStores<Value>(_ count: Int, url: String, _ body: ([PostgresStore]) async throws -> Value)
        async throws -> Value {
        let stores = try (0..<count).map { _ in
            PostgresStore(configuration: try .init(url: url), logger: Logger(label: "migration-test"))
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { await store.run() } }
            defer { group.cancelAll() }
            return try await body(stores)
        }
    }

    /// Runs `body` with a new, empty database (no schema), then drops it.
    static func withEmptyDatabase<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        let created = try await PostgresTestServer.shared.createDatabase()
        let result: Result<Value, any Error>
        do { result = .success(try await body(created.url)) } catch { result = .failure(error) }
        try await PostgresTestServer.shared.dropDatabase(named: created.name)
        return try result.get()
    }

    /// The names of the tables in the database's public schema.
    static func tables(_ store: PostgresStore) async throws -> Set<String> {
        var names: Set<String> = []
        let rows = try await store.client.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", logger: store.logger)
        for try await (name) in rows.decode(String.self) { names.insert(name) }
        return names
    }

    /// Every table of the SQLite schema's final shape, and the PostgreSQL-only ones.
    static let expectedTables: Set<String> = [
        "practice", "charge", "client", "client_phone", "subscription", "subscription_change", "conversation", "message",
        "reminder", "outbox", "early_delivery_status", "media", "staff_account", "staff_session", "webhook_endpoint",
        "event", "event_delivery", "app_nudge", "reminder_request", "phone_session", "send_lane", "schema_migration",
    ]

    @Test("M1: migrations apply on an empty database; a second run finds nothing to do")
    func migratesOnceThenNothing() async throws {
        try await Self.withEmptyDatabase { url in
            try await Self.withStores(1, url: url) { stores in
                let store = stores[0]
                var told: [[String]] = []
                try await store.migrate { told.append($0) }
                #expect(told == [PostgresSchema.migrations.map(\.id)])
                #expect(try await Self.tables(store) == Self.expectedTables)
                let applied = try await store.appliedMigrations()
                #expect(applied == PostgresSchema.migrations.map(\.id))
                try await store.migrate { told.append($0) }
                #expect(told.count == 1)
                #expect(try await store.appliedMigrations() == applied)
            }
        }
    }

    @Test("M1: the lease columns exist on the outbox and media; dates round-trip exactly")
    func sharedColumns() async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await Self.withStores(1, url: database.url) { stores in
                let store = stores[0]
                try await store.migrate()
                var columns: Set<String> = []
                let rows = try await store.client.query("""
                    SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
                    WHERE table_schema = 'public' AND column_name IN ('claimed_until', 'version', 'next_at')
                    """, logger: store.logger)
                for try await (name) in rows.decode(String.self) { columns.insert(name) }
                #expect(columns.isSuperset(of: [
                    "outbox.claimed_until:double precision", "media.claimed_until:double precision",
                    "reminder_request.claimed_until:double precision", "phone_session.version:bigint",
                    "send_lane.next_at:double precision",
                ]))
                let date = Date(timeIntervalSince1970: 1_800_000_000.123456789)
                try await store.client.query("INSERT INTO send_lane (sender, next_at) VALUES ('+18005550100', \(date.storageValue))",
                                             logger: store.logger)
                let back = try await store.client.query("SELECT next_at FROM send_lane", logger: store.logger).collect()
                #expect(try back.first.map { Date(storageValue: try $0.decode(Double.self)) } == date)
            }
        }
    }

    @Test("M1: two daemons migrating at once both succeed and the migrations run once")
    func concurrentMigrations() async throws {
        try await Self.withEmptyDatabase { url in
            try await Self.withStores(2, url: url) { stores in
                let told = try await withThrowingTaskGroup(of: Int.self) { group in
                    for store in stores {
                        group.addTask {
                            var told = 0
                            try await store.migrate { told += $0.count }
                            return told
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(told == PostgresSchema.migrations.count)
                #expect(try await stores[1].appliedMigrations() == PostgresSchema.migrations.map(\.id))
                #expect(try await Self.tables(stores[0]) == Self.expectedTables)
            }
        }
    }

    @Test("S5, R6: one active conversation per number and one message per inbound sid, enforced by the database")
    func partialUniqueIndexes() async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await Self.withStores(1, url: database.url) { stores in
                let store = stores[0]
                try await store.migrate()
                let practice = try await store.createPractice(try PracticeTests.practice("800-555-1000"))
                let id = practice.id.rawValue
                func conversation(active: Int64) -> PostgresQuery {
                    """
                    INSERT INTO conversation (practice_id, phone, title, channel, active, created_at)
                    VALUES (\(id), '+13125550142', 'Client', 'text', \(active), 0)
                    """
                }
                try await store.client.query(conversation(active: 0), logger: store.logger)
                try await store.client.query(conversation(active: 1), logger: store.logger)
                try await store.client.query(conversation(active: 0), logger: store.logger)
                do {
                    try await store.client.query(conversation(active: 1), logger: store.logger)
                    Issue.record("a second active conversation for one number was stored")
                } catch {
                    #expect(PostgresStore.isUniqueViolation(error, constraint: "conversation_one_active"))
                }
                let message: PostgresQuery = """
                    INSERT INTO message (practice_id, phone, direction, channel, author, body, inbound_sid, routed, created_at)
                    VALUES (\(id), '+13125550142', 'inbound', 'text', 'client', 'Hi', 'SM1', 1, 0)
                    """
                try await store.client.query(message, logger: store.logger)
                do {
                    try await store.client.query(message, logger: store.logger)
                    Issue.record("a second message with one inbound sid was stored")
                } catch {
                    #expect(PostgresStore.isUniqueViolation(error, constraint: "message_inbound_sid"))
                }
            }
        }
    }
}
