import Foundation
import PostgresNIO
import Testing
@testable import TextingStorePostgres

@Suite("PostgreSQL test databases")
struct PostgresTestDatabaseTests {
    @Test("each fresh store has a database of its own, reachable, and dropped afterwards")
    func freshDatabases() async throws {
        let started = ContinuousClock.now
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresTestDatabase.withFresh { database in
                        try await database.withStore { store in
                            let rows = try await store.client.query("SELECT current_database()", logger: store.logger)
                            var names: [String] = []
                            for try await (name) in rows.decode(String.self) { names.append(name) }
                            #expect(names == [database.name])
                            let applied = try await store.appliedMigrations()
                            #expect(!applied.isEmpty)
                            return database.name
                        }
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(names).count == 4)
        print("4 fresh stores in \(ContinuousClock.now - started)")
    }

    @Test("a fresh store takes well under a second once the server and template exist")
    func freshStoreCost() async throws {
        try await PostgresTestDatabase.withFreshStore { _ in }  // the server and template, once
        let count = 10
        let started = ContinuousClock.now
        for _ in 0..<count { try await PostgresTestDatabase.withFreshStore { store in try await store.checkReachable() } }
        let each = (ContinuousClock.now - started) / count
        print("a fresh PostgreSQL store (create from template, migrate check, drop): \(each) each")
        #expect(each < .seconds(2))
    }
}
