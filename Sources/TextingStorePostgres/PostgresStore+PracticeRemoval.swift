import PostgresNIO
import TextingCore
import TextingStore

extension PostgresStore {
    /// The tables whose rows make a practice "used", with what people call them (as the SQLite store).
    private static let practiceRows: [(table: String, noun: String)] = [
        ("conversation", "conversations"), ("message", "messages"), ("client", "clients"),
        ("staff_account", "staff accounts"), ("reminder", "reminders"), ("outbox", "queued texts"),
        ("media", "files"), ("charge", "charges"), ("subscription_change", "subscription changes"),
    ]

    /// One row counting each of ``practiceRows`` for the practice `$1`, in that order.
    private static let practiceRowCounts = "SELECT " + practiceRows.map {
        "(SELECT COUNT(*) FROM \($0.table) WHERE practice_id = $1)"
    }.joined(separator: ", ")

    public func deleteUnusedPractice(_ id: PracticeID) async throws {
        try await unwrappingTransaction { connection, logger in
            // The row lock holds back another daemon's inserts that reference the practice
            // (they take a key-share lock on it) until this check and delete are done.
            let found = try await connection.query(
                "SELECT id FROM practice WHERE id = \(id.rawValue) FOR UPDATE", logger: logger).collect()
            guard !found.isEmpty else { throw TextingError.practiceNotFound(id) }
            var binds = PostgresBindings()
            binds.append(id.rawValue)
            let counts = try await connection.query(
                PostgresQuery(unsafeSQL: Self.practiceRowCounts, binds: binds), logger: logger).collect()
            var used: [String] = []
            if let row = counts.first {
                for (index, cell) in row.enumerated() {
                    let count = try cell.decode(Int64.self)
                    if count > 0 { used.append("\(count) \(Self.practiceRows[index].noun)") }
                }
            }
            guard used.isEmpty else {
                throw TextingError(.init("practice.in_use"),
                                   "Practice \(id.rawValue) has \(used.joined(separator: ", ")); only a practice that was never "
                                       + "used can be removed. Turn its texting off instead (texting disable).")
            }
            try await connection.query("DELETE FROM subscription WHERE practice_id = \(id.rawValue)", logger: logger)
            try await connection.query("DELETE FROM practice WHERE id = \(id.rawValue)", logger: logger)
        }
    }
}
