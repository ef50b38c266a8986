import Foundation
import GRDB
import LoadKit

/// How the fixtures fill a database with millions of rows quickly, in the daemon's own schema:
/// a fresh daemon creates the schema (and the demo practice, id 1) and stops; then the rows are
/// added with SQL on a connection without journal or sync, with the indexes of the loaded tables
/// dropped during the load and rebuilt after it.
enum BulkLoad {
    /// Starts `daemonBinary` once on the empty `stateDirectory`, waits for `READY=1` and stops it.
    static func createSchema(daemonBinary: String, stateDirectory: String, workDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(binary: daemonBinary, stateDirectory: stateDirectory, workDirectory: workDirectory,
                                       name: "fixture")
        try daemon.waitReady()
        daemon.stop()
        guard daemon.exitedCleanly else { throw BenchError("the fixture's first daemon did not stop cleanly:\n\(daemon.logTail())") }
    }

    /// Runs `load` on the database at `path` with the indexes of `tables` dropped and a temporary
    /// `area_code (idx, code)` table of ``ClientNumbers/areaCodes``; then rebuilds the indexes
    /// (each timed into `log`), runs `afterIndexes` and puts the database back in WAL mode.
    static func load(
        _ path: String, dropping tables: [String], log: (String) -> Void, _ load: (Database) throws -> Void,
        afterIndexes: (Database) throws -> Void = { _ in }
    ) throws {
        let queue = try BenchDatabase.openForWriting(path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -1048576")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            let names = tables.map { "'\($0)'" }.joined(separator: ", ")
            let indexes = try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(names))
                """).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
            for index in indexes { try db.execute(sql: "DROP INDEX \(index.name)") }
            try db.execute(sql: "CREATE TEMP TABLE area_code (idx INTEGER PRIMARY KEY, code TEXT NOT NULL)")
            for (idx, code) in ClientNumbers.areaCodes.enumerated() {
                try db.execute(sql: "INSERT INTO area_code (idx, code) VALUES (?, ?)", arguments: [idx, code])
            }
            try load(db)
            for index in indexes {
                let step = ContinuousClock.now
                try db.execute(sql: index.sql)
                log("  index \(index.name) rebuilt in \(Format.fixed(Format.seconds(.now - step))) s")
            }
            try afterIndexes(db)
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.close()
    }
}
