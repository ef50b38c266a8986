import GRDB

extension Schema {
    /// The tables of the app channel (P2, P3).
    static func registerAppChannel(_ migrator: inout DatabaseMigrator) {
    }
}
