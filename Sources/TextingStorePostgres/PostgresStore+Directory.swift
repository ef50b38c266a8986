import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// The client directory: profiles, the PMS import and the last-name search (R3, S3, A5). Case is
/// ignored the way the SQLite store's `COLLATE NOCASE` does, through `lower(...)` and the
/// schema's indexes on it.
extension PostgresStore {
    /// The profile with `id`, with its numbers.
    public func profile(_ id: ClientID) async throws -> ClientProfile? {
        try await readRow("SELECT \(unescaped: Self.profileColumns) FROM client c WHERE c.id = \(id.rawValue)",
                          Self.profile(from:))
    }

    /// Whether the practice's PMS directory holds `email`, in any case (A5).
    public func directoryHasEmail(practice: PracticeID, email: String) async throws -> Bool {
        try Self.checkStorable(email)
        return try await readRow("""
            SELECT EXISTS (SELECT 1 FROM client WHERE practice_id = \(practice.rawValue) AND source = 'pms'
                AND lower(email) = lower(\(email)))
            """) { try $0.decode(Bool.self) } ?? false
    }

    /// The first key of the transaction-scoped advisory lock a directory import holds on its
    /// practice (the second is the practice id): imports of one practice from several daemons
    /// run one after another, as they do on SQLite, instead of deadlocking on each other's rows
    /// when they list the same clients in different orders.
    static let directoryLockSpace: Int32 = 7703

    /// Inserts or updates PMS directory rows by external id, all or nothing: a row's numbers are
    /// replaced by the ones given.
    public func upsertDirectory(practice: PracticeID, clients: [ClientProfile]) async throws {
        let rows = try clients.map { client in
            try Self.checkStorable(client.externalID, client.firstName, client.lastName, client.email)
            return (client, try StoredJSON.encode(client.app), Array(Set(client.phones.map(\.e164))).sorted())
        }
        guard !rows.isEmpty else { return }
        let now = clock().storageValue
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("""
                SELECT pg_advisory_xact_lock(\(Self.directoryLockSpace), \(Int32(truncatingIfNeeded: practice.rawValue)))
                """, logger: logger)
            for (client, app, phones) in rows {
                let inserted = try await connection.query("""
                    INSERT INTO client (practice_id, source, external_id, first_name, last_name, email, app_json,
                        email_missing_from_pms, created_at, updated_at)
                    VALUES (\(practice.rawValue), 'pms', \(client.externalID), \(client.firstName), \(client.lastName),
                        \(client.email), \(app), 0, \(now), \(now))
                    ON CONFLICT (practice_id, source, external_id) DO UPDATE SET first_name = excluded.first_name,
                        last_name = excluded.last_name, email = excluded.email, app_json = excluded.app_json,
                        updated_at = excluded.updated_at
                    RETURNING id
                    """, logger: logger)
                var id: Int64?
                for try await (value) in inserted.decode(Int64.self) { id = value }
                guard let id else { continue }
                try await connection.query("DELETE FROM client_phone WHERE client_id = \(id)", logger: logger)
                if !phones.isEmpty {
                    try await connection.query("""
                        INSERT INTO client_phone (client_id, practice_id, phone)
                        SELECT \(id), \(practice.rawValue), unnest(\(phones)::text[])
                        """, logger: logger)
                }
            }
        }
    }

    /// The practice's clients with `lastName` in any case and at least one number (S3), by first
    /// name in any case, then id.
    public func clients(practice: PracticeID, lastName: String) async throws -> [ClientProfile] {
        try Self.checkStorable(lastName)
        return try await readRows("""
            SELECT \(unescaped: Self.profileColumns) FROM client c
            WHERE c.practice_id = \(practice.rawValue) AND lower(c.last_name) = lower(\(lastName))
                AND EXISTS (SELECT 1 FROM client_phone p WHERE p.client_id = c.id)
            ORDER BY lower(c.first_name) COLLATE "C" NULLS FIRST, c.id
            """, Self.profile(from:))
    }
}
