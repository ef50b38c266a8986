import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// The client directory on PostgreSQL (issue 14): the PMS import all or nothing, by external id,
/// numbers replaced; the last-name search and the email check ignoring case as the SQLite
/// store's `COLLATE NOCASE` does.
@Suite("PostgresStore: the client directory (issue 14)")
struct DirectoryTests {
    typealias Fixture = ReadsFixture

    static func pms(_ id: String?, _ first: String?, _ last: String?, email: String? = nil, numbers: [Int],
                    app: AppAccount? = nil, practice: PracticeID) -> ClientProfile {
        ClientProfile(id: ClientID(0), practiceID: practice, source: .pms, externalID: id, firstName: first, lastName: last,
                      email: email, phones: numbers.map(Fixture.phone), app: app)
    }

    @Test("R3: an import inserts by external id, then updates the same row and replaces its numbers")
    func upsert() async throws {
        try await Fixture.with { f in
            let app = AppAccount(installed: true, signedIn: true, appVersion: nil)
            try await f.store.upsertDirectory(practice: f.a, clients: [
                Self.pms("P-1", "Jamie", "Rivers", email: "jamie@example.com", numbers: [2, 1, 2], app: app, practice: f.a),
                Self.pms("P-2", "Alex", "Stone", numbers: [], practice: f.a),
            ])
            let first = try #require(try await f.store.directoryClient(practice: f.a, externalID: "P-1"))
            #expect(first.phones == [Fixture.phone(1), Fixture.phone(2)])
            #expect(first.source == .pms && first.email == "jamie@example.com" && first.app == app)
            #expect(try await f.store.profile(first.id) == first)

            try await f.store.upsertDirectory(practice: f.a, clients: [
                Self.pms("P-1", "Jamie", "Brook", numbers: [3], practice: f.a),
            ])
            let updated = try #require(try await f.store.profile(first.id))
            #expect(updated.lastName == "Brook" && updated.email == nil && updated.app == nil)
            #expect(updated.phones == [Fixture.phone(3)])
            #expect(try await f.store.directoryClient(practice: f.b, externalID: "P-1") == nil)
            #expect(try await f.store.profile(ClientID(999_999)) == nil)
        }
    }

    @Test("D3: an import with one bad row stores none of it")
    func allOrNothing() async throws {
        try await Fixture.with { f in
            await #expect(throws: TextingError.self) {
                try await f.store.upsertDirectory(practice: f.a, clients: [
                    Self.pms("P-1", "Jamie", "Rivers", numbers: [1], practice: f.a),
                    Self.pms("P-2", "Al\u{0}ex", "Stone", numbers: [2], practice: f.a),
                ])
            }
            #expect(try await f.store.directoryClient(practice: f.a, externalID: "P-1") == nil)
            // A failure inside the transaction (a practice that does not exist) leaves nothing either.
            await #expect(throws: (any Error).self) {
                try await f.store.upsertDirectory(practice: PracticeID(999_999), clients: [
                    Self.pms("P-3", "Sam", "Lake", numbers: [3], practice: PracticeID(999_999)),
                ])
            }
            try await f.store.upsertDirectory(practice: f.a, clients: [])
            #expect(try await f.store.clients(practice: f.a, lastName: "Rivers").isEmpty)
        }
    }

    @Test("M1: imports of the same clients from two daemons at once, in opposite orders, both succeed, one after the other")
    func concurrentImports() async throws {
        try await Fixture.withSecondDaemon { f, other in
            let forward = (0..<40).map { Self.pms("P-\($0)", "First", "Forward", numbers: [$0], practice: f.a) }
            let backward = (0..<40).reversed().map { Self.pms("P-\($0)", "First", "Backward", numbers: [$0 + 100], practice: f.a) }
            for _ in 0..<5 {
                async let one: Void = f.store.upsertDirectory(practice: f.a, clients: forward)
                async let two: Void = other.upsertDirectory(practice: f.a, clients: backward)
                _ = try await (one, two)
            }
            let forwardRows = try await f.store.clients(practice: f.a, lastName: "Forward")
            let all = forwardRows + (try await f.store.clients(practice: f.a, lastName: "Backward"))
            #expect(all.count == 40)
            // The imports ran one after the other: every client is as the last one left it.
            #expect(forwardRows.isEmpty || forwardRows.count == 40)
            for client in all {
                let n = try #require(Int(client.externalID?.dropFirst(2) ?? ""))
                #expect(client.phones == [Fixture.phone(client.lastName == "Forward" ? n : n + 100)])
            }
        }
    }

    @Test("S3: clients by last name in any case, only those with a number, by first name in any case, then id")
    func byLastName() async throws {
        try await Fixture.with { f in
            try await f.store.upsertDirectory(practice: f.a, clients: [
                Self.pms("P-1", "bea", "Rivers", numbers: [1], practice: f.a),
                Self.pms("P-2", "Alex", "RIVERS", numbers: [2], practice: f.a),
                Self.pms("P-3", "Carl", "rivers", numbers: [], practice: f.a),
                Self.pms("P-4", "Dana", "Riverside", numbers: [4], practice: f.a),
                Self.pms("P-6", nil, "Rivers", numbers: [6], practice: f.a),
            ])
            try await f.store.upsertDirectory(practice: f.b, clients: [Self.pms("P-5", "Abe", "Rivers", numbers: [5], practice: f.b)])
            let bot = try await f.profile(.bot, first: "Cleo", last: "rivers", numbers: [7])
            let found = try await f.store.clients(practice: f.a, lastName: "rIvErS")
            #expect(found.map(\.firstName) == [nil, "Alex", "bea", "Cleo"])
            #expect(found.last?.id == bot && found.last?.source == .bot && found.last?.phones == [Fixture.phone(7)])
            #expect(try await f.store.clients(practice: f.a, lastName: "Nobody").isEmpty)
            await #expect(throws: TextingError.self) { try await f.store.clients(practice: f.a, lastName: "a\u{0}") }
        }
    }

    @Test("A5: the directory holds an email in any case; only the practice's own PMS rows count")
    func hasEmail() async throws {
        try await Fixture.with { f in
            try await f.store.upsertDirectory(practice: f.a, clients: [
                Self.pms("P-1", "Jamie", "Rivers", email: "Jamie.Rivers@Example.com", numbers: [1], practice: f.a),
            ])
            try await f.execute("""
                INSERT INTO client (practice_id, source, first_name, email, created_at, updated_at)
                VALUES (\(f.a.rawValue), 'bot', 'Sam', 'sam@example.com', 0, 0)
                """)
            #expect(try await f.store.directoryHasEmail(practice: f.a, email: "jamie.rivers@example.COM"))
            #expect(try await !f.store.directoryHasEmail(practice: f.b, email: "jamie.rivers@example.com"))
            #expect(try await !f.store.directoryHasEmail(practice: f.a, email: "sam@example.com"))
            #expect(try await !f.store.directoryHasEmail(practice: f.a, email: "jamie@example.com"))
        }
    }
}
