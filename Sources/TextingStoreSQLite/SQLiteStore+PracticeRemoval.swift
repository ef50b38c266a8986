import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    /// The tables whose rows make a practice "used", with what people call them.
    private static let practiceRows: [(table: String, noun: String)] = [
        ("conversation", "conversations"), ("message", "messages"), ("client", "clients"),
        ("staff_account", "staff accounts"), ("reminder", "reminders"), ("outbox", "queued texts"),
        ("media", "files"), ("charge", "charges"), ("subscription_change", "subscription changes"),
    ]

    public func deleteUnusedPractice(_ id: PracticeID) async throws {
        try await committer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM practice WHERE id = ?", arguments: [id.rawValue]) == 1 else {
                throw TextingError.practiceNotFound(id)
            }
            var found: [String] = []
            for (table, noun) in Self.practiceRows {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE practice_id = ?",
                                             arguments: [id.rawValue]) ?? 0
                if count > 0 { found.append("\(count) \(noun)") }
            }
            guard found.isEmpty else {
                throw TextingError(.init("practice.in_use"),
                                   "Practice \(id.rawValue) has \(found.joined(separator: ", ")); only a practice that was never "
                                       + "used can be removed. Turn its texting off instead (texting disable).")
            }
            try db.execute(sql: "DELETE FROM subscription WHERE practice_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM practice WHERE id = ?", arguments: [id.rawValue])
        }
    }
}
