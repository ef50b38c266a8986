import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

@Suite("Practices in PostgreSQL (E1, E2, E7)")
struct PracticeTests {
    static func practice(_ number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: "Test Vet", country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }

    /// Runs `body` with a migrated store on a fresh database.
    static func withStore<Value>(_ body: (PostgresStore) async throws -> Value) async throws -> Value {
        try await PostgresTestDatabase.withFreshStore(body)
    }

    /// The code of the TextingError `work` throws; nil when it throws none.
    static func errorCode(_ work: () async throws -> Void) async -> String? {
        do {
            try await work()
            return nil
        } catch let error as TextingError {
            return error.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    // What every store does with practices is checked for PostgreSQL by the conformance suite
    // (TextingStoreTests/StoreConstraintTests, SessionStoreTests); here, what it does not check.

    @Test("E2: a texting number of another practice is refused on create too, with the code an update gets")
    func numberTakenOnCreate() async throws {
        try await Self.withStore { store in
            _ = try await store.createPractice(try Self.practice("800-555-1000"))
            #expect(await Self.errorCode { _ = try await store.createPractice(try Self.practice("800-555-1000")) }
                == "practice.number_taken")
            #expect(try await store.practices().count == 1)
        }
    }

    @Test("A practice never used can be removed; one with rows of its own cannot; a missing one is not found")
    func deleteUnused() async throws {
        try await Self.withStore { store in
            let unused = try await store.createPractice(try Self.practice("800-555-1000"))
            let used = try await store.createPractice(try Self.practice("800-555-1001"))
            try await store.recordCharge(practice: used.id, kind: "port_setup", amountCents: 29_900, at: Date())
            _ = try await store.createStaffAccount(AccountTests.account(used.id), at: Date())
            try await store.deleteUnusedPractice(unused.id)
            #expect(try await store.practices() == [used])
            do {
                try await store.deleteUnusedPractice(used.id)
                Issue.record("a practice with rows of its own was removed")
            } catch let error as TextingError {
                #expect(error.code.rawValue == "practice.in_use")
                #expect(error.message.contains("1 staff accounts, 1 charges"))
            }
            #expect(await Self.errorCode { try await store.deleteUnusedPractice(unused.id) } == "practice.not_found")
            #expect(try await store.practices() == [used])
        }
    }

    @Test("U+0000 in a practice's text is refused before anything is stored")
    func nulRefused() async throws {
        try await Self.withStore { store in
            var practice = try Self.practice("800-555-1000")
            practice.name = "Vet\u{0}"
            #expect(await Self.errorCode { _ = try await store.createPractice(practice) } == StoredText.nulRefused.code.rawValue)
            #expect(try await store.practices().isEmpty)
        }
    }

    @Test("M1, E2: two daemons giving one number to two practices at once: one keeps it, the other is refused")
    func numberRaceAcrossDaemons() async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore { first in
                try await database.withStore { second in
                    var a = try await first.createPractice(try Self.practice("800-555-1000"))
                    var b = try await second.createPractice(try Self.practice("800-555-1001"))
                    let number = try PhoneNumber(parsing: "800-555-7777")
                    a.number = .assigned(number)
                    b.number = .assigned(number)
                    let codes = await withTaskGroup(of: String?.self) { group in
                        for (store, practice) in [(first, a), (second, b)] {
                            group.addTask { await Self.errorCode { try await store.updatePractice(practice) } }
                        }
                        return await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(codes.compactMap { $0 } == ["practice.number_taken"])
                    #expect(try await first.practices().filter { $0.number == .assigned(number) }.count == 1)
                }
            }
        }
    }
}
