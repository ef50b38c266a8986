import GRDB

extension Schema {
    /// The tables of the reminders held for quiet hours and idempotency keys (Q1).
    static func registerReminderSchedule(_ migrator: inout DatabaseMigrator) {
    }
}
