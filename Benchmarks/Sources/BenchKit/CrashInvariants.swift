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

    /// Outbox rows by state, e.g. `done 812, pending 40, sending 2`.
    public var outboxDescription: String {
        Dictionary(grouping: outbox.values, by: { $0 }).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
    }
}
