import GRDB

extension Schema {
    /// The tables of the event outbox of the platform's webhooks (V1).
    static func registerEventOutbox(_ migrator: inout DatabaseMigrator) {
    }
}
