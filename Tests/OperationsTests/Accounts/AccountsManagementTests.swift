import Foundation
import Operations
import Testing
import TextingCore

@Suite("Accounts: who manages which staff account (W1, W2)")
struct AccountsManagementTests {
    @Test("W1: login names follow the rules; passwords need 10 characters; logins are unique ignoring case")
    func rules() async throws {
        let harness = try await AccountsHarness()
        for login in ["ab", "alice smith", "álice", "12345", String(repeating: "a", count: 65), "alice!"] {
            let code = await errorCode { try await harness.add(login) }
            #expect(code == "account.invalid_login", "login \(login)")
        }
        for login in ["abc", "dr.alice_b-2@clinic", String(repeating: "a", count: 64), "Mixed.Case"] {
            #expect(await errorCode { try await harness.add(login) } == nil, "login \(login)")
        }
        let short = await errorCode {
            _ = try await harness.accounts.add(practice: harness.practiceA, login: "shorty", displayName: "Shorty",
                                               role: .staff, password: "123456789", by: AccountsHarness.root)
        }
        #expect(short == "account.weak_password")
        #expect(await errorCode { try await harness.add("MIXED.case", practice: harness.practiceB) } == "account.login_taken")
        let list = try await harness.accounts.list(practice: harness.practiceA, by: AccountsHarness.root)
        #expect(list.accounts.map(\.login).contains("mixed.case"))
    }

    @Test("W2: an admin manages its own practice's accounts; another practice's answer as if they did not exist")
    func adminOfOnePractice() async throws {
        let harness = try await AccountsHarness()
        let admin = Caller.account(try await harness.add("admin.a", role: .admin))
        let ownStaff = try await harness.add("staff.a")
        let otherStaff = try await harness.add("staff.b", practice: harness.practiceB)

        let list = try await harness.accounts.list(practice: nil, by: admin)
        #expect(Set(list.accounts.map(\.login)) == ["admin.a", "staff.a"])
        _ = try await harness.accounts.add(practice: harness.practiceA, login: "new.a", displayName: "New", role: .staff,
                                           password: AccountsHarness.password, by: admin)
        _ = try await harness.accounts.disable(.id(ownStaff.id), by: admin)

        let byID = await errorCode { _ = try await harness.accounts.disable(.id(otherStaff.id), by: admin) }
        let byLogin = await errorCode {
            _ = try await harness.accounts.resetPassword(.login("staff.b"), newPassword: "another password", by: admin)
        }
        let missing = await errorCode { _ = try await harness.accounts.disable(.id(9999), by: admin) }
        #expect(byID == "account.not_found")
        #expect(byLogin == "account.not_found")
        #expect(missing == "account.not_found")
        let addElsewhere = await errorCode {
            _ = try await harness.accounts.add(practice: harness.practiceB, login: "sneaky", displayName: "Sneaky",
                                               role: .admin, password: AccountsHarness.password, by: admin)
        }
        let addNowhere = await errorCode {
            _ = try await harness.accounts.add(practice: PracticeID(9999), login: "sneaky", displayName: "Sneaky",
                                               role: .admin, password: AccountsHarness.password, by: admin)
        }
        #expect(addElsewhere == "practice.not_found")
        #expect(addElsewhere == addNowhere)
        let listElsewhere = await errorCode { _ = try await harness.accounts.list(practice: harness.practiceB, by: admin) }
        #expect(listElsewhere == "practice.not_found")
        // Practice B's account still works.
        _ = try await harness.accounts.signIn(login: "staff.b", password: AccountsHarness.password, from: "10.0.0.1")
    }

    @Test("W1: role staff may not manage accounts; an admin cannot disable itself; the administrator manages all")
    func forbiddenAndSelf() async throws {
        let harness = try await AccountsHarness()
        let staff = Caller.account(try await harness.add("staff.a"))
        let adminIdentity = try await harness.add("admin.a", role: .admin)
        #expect(await errorCode { _ = try await harness.accounts.list(practice: nil, by: staff) } == "auth.forbidden")
        #expect(await errorCode { _ = try await harness.accounts.disable(.login("admin.a"), by: staff) } == "auth.forbidden")
        #expect(await errorCode {
            _ = try await harness.accounts.disable(.id(adminIdentity.id), by: .account(adminIdentity))
        } == "account.self")
        try await harness.add("staff.b", practice: harness.practiceB)
        let all = try await harness.accounts.list(practice: nil, by: AccountsHarness.root)
        #expect(all.accounts.count == 3)
        let disabled = try await harness.accounts.disable(.login("STAFF.B"), by: AccountsHarness.root)
        #expect(disabled.disabled)
    }

    @Test("W1: an all-digit reference is an id, anything else a login name")
    func references() {
        #expect(Accounts.Reference("42") == .id(42))
        #expect(Accounts.Reference(" Alice ") == .login("alice"))
        #expect(Accounts.Reference("4a2") == .login("4a2"))
    }
}
