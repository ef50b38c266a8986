import GRDB

/// Opens the daemon's database from the outside: while the daemon is stopped (fixtures, the
/// crash test; opening recovers the WAL as a restarted daemon would) or read-only while it runs.
public enum BenchDatabase {
    /// A read-write connection for a stopped daemon's database.
    public static func openForWriting(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// A read-only connection that may run beside the daemon (WAL lets readers and the writer
    /// proceed together).
    public static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
