import GRDB

/// What must hold in the database after any crash (`kill -9`), checked with the daemon stopped:
/// SQLite's own integrity check, every acknowledged MessageSid stored exactly once, and no
/// outbox row lost or moved back from a final state.
public struct CrashInvariants {
    /// Outbox row id → state, as seen by the previous check.
    public private(set) var outbox: [Int64: String] = [:]
    /// Inbound MessageSids stored at the last check.
    public private(set) var storedInbound = 0

    public init() {}

    /// Checks the database at `path` against `acknowledged` (every sid ever answered 2xx);
    /// returns the problems found, empty when sound. The outbox seen becomes the reference for
    /// the next check.
    public mutating func check(databasePath path: String, acknowledged: Set<String>) throws -> [String] {
        let queue = try BenchDatabase.openForWriting(path)
        defer { try? queue.close() }
        var problems: [String] = []
        let (integrity, foreignKeys, duplicates, stored, rows) = try queue.read { db in
            (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                try Row.fetchAll(db, sql: """
                    SELECT inbound_sid, COUNT(*) AS n FROM message WHERE inbound_sid IS NOT NULL
                    GROUP BY inbound_sid HAVING COUNT(*) > 1 LIMIT 5
                    """).map { "\($0["inbound_sid"] as String) x\($0["n"] as Int)" },
                Set(try String.fetchAll(db, sql: "SELECT inbound_sid FROM message WHERE inbound_sid IS NOT NULL")),
                try Row.fetchAll(db, sql: "SELECT id, state FROM outbox").map { ($0["id"] as Int64, $0["state"] as String) }
            )
        }
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity.prefix(3).joined(separator: "; "))") }
        if foreignKeys > 0 { problems.append("foreign_key_check: \(foreignKeys) rows") }
        if !duplicates.isEmpty { problems.append("MessageSid stored more than once: \(duplicates.joined(separator: ", "))") }
        let missing = acknowledged.subtracting(stored)
        if !missing.isEmpty {
            problems.append("\(missing.count) acknowledged MessageSid(s) not stored, e.g. \(missing.prefix(3).joined(separator: ", "))")
        }
        let current = Dictionary(rows, uniquingKeysWith: { first, _ in first })
        let vanished = outbox.keys.filter { current[$0] == nil }
        if !vanished.isEmpty { problems.append("\(vanished.count) outbox row(s) disappeared, e.g. ids \(vanished.prefix(3))") }
        let regressed = outbox.filter { id, state in
            (state == "done" || state == "failed") && current[id].map { $0 != state } == true
        }
        if !regressed.isEmpty { problems.append("\(regressed.count) outbox row(s) left a final state, e.g. ids \(regressed.keys.prefix(3))") }
        if current.count < outbox.count { problems.append("outbox shrank from \(outbox.count) to \(current.count) rows") }
        outbox = current
        storedInbound = stored.count
        return problems
    }

    /// Outbound messages the carrier has not taken yet (no carrier id and not failed), read with
    /// the daemon stopped: the next daemon must send each of them.
    public static func unsentOutbound(databasePath path: String) throws -> Set<Int64> {
        let queue = try BenchDatabase.openForWriting(path)
        defer { try? queue.close() }
        return try queue.read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT id FROM message
                WHERE direction = 'outbound' AND outbound_sid IS NULL AND COALESCE(delivery_state, '') != 'failed'
                """))
        }
    }

    /// Waits, with the daemon running, until its outbox has drained (no row `pending` or
    /// `sending`) and each message of `awaiting` reached a final delivery state (`delivered`,
    /// `undelivered` or `failed`: the sandbox's simulated callbacks run in the daemon). Returns
    /// the problems left when `timeout` passed first, empty once drained.
    public static func drainProblems(
        databasePath path: String, awaiting: Set<Int64>, timeout: Duration
    ) async throws -> [String] {
        let queue = try BenchDatabase.openReadOnly(path)
        defer { try? queue.close() }
        let deadline = ContinuousClock.now + timeout
        while true {
            let (open, unfinished) = try await queue.read { db in
                (
                    try Row.fetchAll(db, sql: """
                        SELECT id, state, attempts FROM outbox WHERE state IN ('pending', 'sending') ORDER BY id
                        """).map { "\($0["id"] as Int64) \($0["state"] as String) after \($0["attempts"] as Int) attempt(s)" },
                    try Row.fetchAll(db, sql: """
                        SELECT id, COALESCE(delivery_state, 'none') AS state, COALESCE(outbound_sid, 'no carrier id') AS sid
                        FROM message WHERE direction = 'outbound'
                        AND COALESCE(delivery_state, '') NOT IN ('delivered', 'undelivered', 'failed')
                        """).filter { awaiting.contains($0["id"] as Int64) }
                        .map { "message \($0["id"] as Int64) \($0["state"] as String) (\($0["sid"] as String))" }
                )
            }
            if open.isEmpty && unfinished.isEmpty { return [] }
            if ContinuousClock.now >= deadline {
                var problems: [String] = []
                if !open.isEmpty {
                    problems.append("\(open.count) outbox row(s) still pending or sending after \(timeout), e.g. "
                        + open.prefix(3).joined(separator: ", "))
                }
                if !unfinished.isEmpty {
                    problems.append("\(unfinished.count) of \(awaiting.count) message(s) sent after the restart reached no "
                        + "final delivery state, e.g. " + unfinished.prefix(3).joined(separator: ", "))
                }
                return problems
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Outbox rows by state, e.g. `done 812, pending 40, sending 2`.
    public var outboxDescription: String {
        Dictionary(grouping: outbox.values, by: { $0 }).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
    }
}
