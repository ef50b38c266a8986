import Foundation
import GRDB

extension SQLiteStore {
    /// How long the oldest row due at `now` has waited past its attempt time, in seconds; 0
    /// when no row is due. One seek in `outbox_due`.
    public func oldestDueOutboxAge(now: Date) async throws -> Double {
        try await pool.read { db in
            let oldest = try Double.fetchOne(db, sql: """
                SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
                """, arguments: [now.storageValue])
            return oldest.map { max(0, now.storageValue - $0) } ?? 0
        }
    }
}
