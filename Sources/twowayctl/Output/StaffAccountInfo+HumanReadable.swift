import Control
import TextingCore

extension StaffAccountInfo: TimedHumanReadable {
    var practiceOfTimes: Int64? { practice }

    func humanReadable(_ time: PracticeTimeFormat) -> String {
        """
        staff account \(id): \(login)
        name:       \(name)
        practice:   \(practice)
        role:       \(role)
        state:      \(disabled ? "disabled" : "active")
        created:    \(time.string(from: createdAt))
        changed:    \(time.string(from: changedAt))
        """
    }
}

extension StaffAccountList: HumanReadable {
    var humanReadable: String {
        guard !accounts.isEmpty else { return "No staff accounts." }
        var table = TextTable("ID", "PRACTICE", "LOGIN", "ROLE", "STATE", "NAME")
        for account in accounts {
            table.add("\(account.id)", "\(account.practice)", account.login, account.role,
                      account.disabled ? "disabled" : "active", account.name)
        }
        return table.rendered
    }
}
