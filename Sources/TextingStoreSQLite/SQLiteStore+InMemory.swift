import Foundation
import GRDB

extension SQLiteStore {
    /// A store for fast unit tests: the same SQLite store, schema and SQL, in memory (no disk,
    /// no fsync). Nothing of it survives the process.
    ///
    /// The store writes through a WAL `DatabasePool`, which SQLite cannot keep in a `:memory:`
    /// database, so the file lives on the RAM file system `/dev/shm` (the temporary directory
    /// where there is none), with `synchronous=OFF` on its writer; the files are deleted when the
    /// process exits.
    public static func inMemory() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: inMemoryDirectory, withIntermediateDirectories: true)
        let path = "\(inMemoryDirectory)/\(UUID().uuidString).sqlite"
        let store = try SQLiteStore(path: path)
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        return store
    }
}

/// This process's directory of in-memory stores, removed at exit.
private let inMemoryDirectory: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
    // Directories of earlier processes that were killed before their exit handler ran.
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
    where entry.hasPrefix("twowayd-memory-stores-") {
        guard let pid = pid_t(entry.dropFirst("twowayd-memory-stores-".count)), kill(pid, 0) != 0, errno == ESRCH
        else { continue }
        try? FileManager.default.removeItem(atPath: base + entry)
    }
    let directory = base + "twowayd-memory-stores-\(getpid())"
    atexit { _ = try? FileManager.default.removeItem(atPath: inMemoryDirectoryPath()) }
    return directory
}()

/// The directory, for the exit handler (a C function pointer cannot capture it).
private func inMemoryDirectoryPath() -> String { inMemoryDirectory }
