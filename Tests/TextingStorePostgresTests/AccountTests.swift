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

    @Test("W1: an account round-trips; its login is found ignoring case and is unique across practices")
    func accountRoundTrip() async throws {
        try await Self.withPractice { store, practice in
            let other = try await store.createPractice(try PracticeTests.practice("800-555-2000"))
            let at = Date(timeIntervalSince1970: 1_800_000_000.25)
            let created = try await store.createStaffAccount(Self.account(practice, login: "Alice"), at: at)
            #expect(created.login == "alice")
            #expect(created.createdAt == at && created.changedAt == at && !created.disabled)
            #expect(try await store.staffAccount(id: created.id) == created)
            #expect(try await store.staffAccount(login: "ALICE") == created)
            #expect(try await store.staffAccount(login: "bob") == nil)
            #expect(try await store.staffAccount(id: 999) == nil)
            #expect(try await store.staffAccounts(practice: practice) == [created])
            #expect(try await store.staffAccounts(practice: other.id).isEmpty)
            let bob = try await store.createStaffAccount(Self.account(other.id, login: "bob"), at: at)
            #expect(try await store.staffAccounts(practice: nil) == [created, bob])
            #expect(await PracticeTests.errorCode {
                _ = try await store.createStaffAccount(Self.account(other.id, login: "ALICE"), at: at)
            } == "account.login_taken")
            #expect(await PracticeTests.errorCode {
                _ = try await store.createStaffAccount(Self.account(PracticeID(999), login: "carol"), at: at)
            } == "practice.not_found")
            #expect(await PracticeTests.errorCode {
                _ = try await store.createStaffAccount(Self.account(practice, login: "dave\u{0}"), at: at)
            } == StoredText.nulRefused.code.rawValue)
            #expect(try await store.staffAccounts(practice: nil).count == 2)
        }
    }

    @Test("W4: a session round-trips with its account; sign-out, disabling and a new password end sessions")
    func sessionsEnd() async throws {
        try await Self.withPractice { store, practice in
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let account = try await store.createStaffAccount(Self.account(practice), at: at)
            for hash in ["a", "b", "c"] { try await store.createStaffSession(Self.session(account.id, hash: hash, at: at)) }
            let found = try #require(try await store.staffSession(tokenHash: "a"))
            #expect(found.session == Self.session(account.id, hash: "a", at: at))
            #expect(found.account == account)
            try await store.touchStaffSession(tokenHash: "a", at: at.addingTimeInterval(60))
            #expect(try await store.staffSession(tokenHash: "a")?.session.lastUsedAt == at.addingTimeInterval(60))

            try await store.deleteStaffSession(tokenHash: "a")
            #expect(try await store.staffSession(tokenHash: "a") == nil)
            #expect(try await store.staffSession(tokenHash: "b") != nil)

            let rekeyed = try await store.setStaffAccountPassword(id: account.id, passwordHash: "$2b$04$new", at: at)
            #expect(rekeyed?.passwordHash == "$2b$04$new")
            #expect(try await store.staffSession(tokenHash: "b") == nil)
            #expect(try await store.staffSession(tokenHash: "c") == nil)

            try await store.createStaffSession(Self.session(account.id, hash: "d", at: at))
            let disabled = try await store.setStaffAccountDisabled(id: account.id, disabled: true, at: at.addingTimeInterval(5))
            #expect(disabled?.disabled == true)
            #expect(disabled?.changedAt == at.addingTimeInterval(5))
            #expect(try await store.staffSession(tokenHash: "d") == nil)
            #expect(try await store.setStaffAccountDisabled(id: 999, disabled: true, at: at) == nil)
            #expect(try await store.setStaffAccountPassword(id: 999, passwordHash: "x", at: at) == nil)
            let enabled = try await store.setStaffAccountDisabled(id: account.id, disabled: false, at: at)
            #expect(enabled?.disabled == false)

            try await store.createStaffSession(Self.session(account.id, hash: "e", at: at))
            try await store.createStaffSession(Self.session(account.id, hash: "f", at: at))
            #expect(try await store.deleteStaffSessions(account: account.id) == 2)
            #expect(try await store.deleteStaffSessions(account: account.id) == 0)
        }
    }

    @Test("W4: ended sessions (past their end or idle too long) are deleted, live ones kept")
    func endedSessionsDeleted() async throws {
        try await Self.withPractice { store, practice in
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let account = try await store.createStaffAccount(Self.account(practice), at: at)
            try await store.createStaffSession(Self.session(account.id, hash: "old", at: at.addingTimeInterval(-7200)))
            try await store.createStaffSession(Self.session(account.id, hash: "idle", at: at.addingTimeInterval(-1800)))
            try await store.createStaffSession(Self.session(account.id, hash: "live", at: at))
            let deleted = try await store.deleteEndedStaffSessions(now: at, idleSince: at.addingTimeInterval(-600))
            #expect(deleted == 2)
            #expect(try await store.staffSession(tokenHash: "live") != nil)
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
