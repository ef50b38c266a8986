import Foundation
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

@Suite("Staff accounts and sessions in PostgreSQL (W1, W4)")
struct AccountTests {
    static func account(_ practice: PracticeID, login: String = "alice") -> NewStaffAccount {
        NewStaffAccount(practice: practice, login: login, displayName: "Dr. Alice", role: .admin, passwordHash: "$2b$04$hash")
    }

    static func session(_ account: Int64, hash: String, at: Date) -> StaffAccountSessionRecord {
        StaffAccountSessionRecord(tokenHash: hash, accountID: account, csrfToken: "csrf-\(hash)", createdAt: at,
                                  lastUsedAt: at, expiresAt: at.addingTimeInterval(3600))
    }

    /// Runs `body` with a migrated store on a fresh database holding one practice.
    static func withPractice<Value>(_ body: (PostgresStore, PracticeID) async throws -> Value) async throws -> Value {
        try await PracticeTests.withStore { store in
            let practice = try await store.createPractice(try PracticeTests.practice("800-555-1000"))
            return try await body(store, practice.id)
        }
    }

    // What every store does with accounts and sessions is checked for PostgreSQL by the
    // conformance suite (TextingStoreTests/StaffAccountStoreTests); here, what it does not check.

    @Test("W1, W4: missing accounts read as nil, U+0000 in a login is refused, and ending an account's sessions counts them")
    func edges() async throws {
        try await Self.withPractice { store, practice in
            let at = Date(timeIntervalSince1970: 1_800_000_000.25)
            #expect(try await store.staffAccount(id: 999) == nil)
            #expect(try await store.staffAccount(login: "nobody") == nil)
            #expect(try await store.setStaffAccountPassword(id: 999, passwordHash: "x", at: at) == nil)
            #expect(await PracticeTests.errorCode {
                _ = try await store.createStaffAccount(Self.account(practice, login: "dave\u{0}"), at: at)
            } == StoredText.nulRefused.code.rawValue)
            let account = try await store.createStaffAccount(Self.account(practice), at: at)
            #expect(account.createdAt == at)
            #expect(try await store.staffAccounts(practice: nil) == [account])
            for hash in ["e", "f"] { try await store.createStaffSession(Self.session(account.id, hash: hash, at: at)) }
            #expect(try await store.deleteStaffSessions(account: account.id) == 2)
            #expect(try await store.deleteStaffSessions(account: account.id) == 0)
        }
    }

    @Test("M1, W1: two daemons creating one login in different cases at once: one account, the other login_taken")
    func loginRaceAcrossDaemons() async throws {
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore { first in
                try await database.withStore { second in
                    let practice = try await first.createPractice(try PracticeTests.practice("800-555-1000"))
                    let at = Date(timeIntervalSince1970: 1_800_000_000)
                    let codes = await withTaskGroup(of: String?.self) { group in
                        for (store, login) in [(first, "Alice"), (second, "aLICE")] {
                            group.addTask {
                                await PracticeTests.errorCode {
                                    _ = try await store.createStaffAccount(Self.account(practice.id, login: login), at: at)
                                }
                            }
                        }
                        return await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(codes.compactMap { $0 } == ["account.login_taken"])
                    #expect(try await second.staffAccounts(practice: practice.id).map(\.login) == ["alice"])
                }
            }
        }
    }
}
