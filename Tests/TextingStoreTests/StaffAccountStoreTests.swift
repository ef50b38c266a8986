import Foundation
import Testing
import TextingCore
import TextingStore

@Suite("Store: staff accounts and sessions (W1, W4)")
struct StaffAccountStoreTests {
    /// A practice created in `store`; its id.
    static func practice(in store: any ConformingStore) async throws -> PracticeID {
        try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
    }

    static func account(_ practice: PracticeID, login: String = "alice") -> NewStaffAccount {
        NewStaffAccount(practice: practice, login: login, displayName: "Dr. Alice", role: .admin, passwordHash: "$2b$04$hash")
    }

    static func session(_ account: Int64, hash: String, at: Date) -> StaffAccountSessionRecord {
        StaffAccountSessionRecord(tokenHash: hash, accountID: account, csrfToken: "csrf-\(hash)", createdAt: at,
                                  lastUsedAt: at, expiresAt: at.addingTimeInterval(3600))
    }

    @Test("W1: an account round-trips; its login is found ignoring case and is unique across practices", arguments: StoreKind.allCases)
    func accountRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
            let other = try await store.createPractice(try StoreFixtures.practice("800-555-2000"))
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let created = try await store.createStaffAccount(Self.account(practice, login: "Alice"), at: at)
            #expect(created.login == "alice")
            let byID = try await store.staffAccount(id: created.id)
            #expect(byID == created)
            #expect(try await store.staffAccount(login: "ALICE") == created)
            #expect(try await store.staffAccounts(practice: practice) == [created])
            #expect(try await store.staffAccounts(practice: other.id).isEmpty)
            await #expect(throws: TextingError.self) {
                _ = try await store.createStaffAccount(Self.account(other.id, login: "alice"), at: at)
            }
            do {
                _ = try await store.createStaffAccount(Self.account(other.id, login: "ALICE"), at: at)
                Issue.record("a login taken in another case was accepted")
            } catch let error as TextingError {
                #expect(error.code.rawValue == "account.login_taken")
            }
            do {
                _ = try await store.createStaffAccount(Self.account(PracticeID(999), login: "bob"), at: at)
                Issue.record("an account of no practice was accepted")
            } catch let error as TextingError {
                #expect(error.code.rawValue == "practice.not_found")
            }
        }
    }

    @Test("W4: a session round-trips with its account; sign-out, disabling and a new password end sessions", arguments: StoreKind.allCases)
    func sessionsEnd(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
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
        }
    }

    @Test("W4: ended sessions (past their end or idle too long) are deleted, live ones kept", arguments: StoreKind.allCases)
    func endedSessionsDeleted(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
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

    @Test("W1: a message and a subscription change record the account that made them; others record none", arguments: StoreKind.allCases)
    func accountRecorded(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await Self.practice(in: store)
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let account = try await store.createStaffAccount(Self.account(practice), at: at)
            let phone = try #require(PhoneNumber(e164: "+13125550142"))
            let commit = try await store.commit(SessionBatch(
                practiceID: practice, phone: phone,
                messages: [
                    MessageDraft(direction: .inbound, author: .client, body: "Hi", carrierSID: "SMacct1", inConversation: false,
                                 createdAt: at),
                    MessageDraft(direction: .outbound, author: .staff("Dr. Alice"), body: "Hello", inConversation: false,
                                 createdAt: at, accountID: account.id),
                ],
                subscriptions: Subscriptions(twoWay: false),
                subscriptionChanges: [
                    SubscriptionChange(kind: .twoWay, subscribed: false, actor: "staff:Dr. Alice", method: "subscription settings",
                                       at: at, accountID: account.id),
                    SubscriptionChange(kind: .reminders, subscribed: true, actor: "client", method: "keyword START", at: at),
                ]))
            #expect(commit.messageIDs.count == 2)
            var recorded: [Int64?] = []
            for id in commit.messageIDs { recorded.append(try #require(try await store.message(id)).accountID) }
            #expect(recorded == [nil, account.id])
            let history = try await store.subscriptionHistory(practice: practice, phone: phone)
            #expect(history.map(\.accountID) == [account.id, nil])
        }
    }
}
