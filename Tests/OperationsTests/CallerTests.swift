import Operations
import Testing
import TextingCore

@Suite struct CallerTests {
    @Test func describesWhoAsksWithoutSecrets() {
        let account = Caller.account(AccountIdentity(id: 7, practice: PracticeID(rawValue: 2), role: .staff, displayName: "Dr. Alice"))
        #expect(account.description == "account 7 (staff, practice 2)")
        #expect(Caller.systemAdministrator(name: "root").description == "administrator root")
    }
}
