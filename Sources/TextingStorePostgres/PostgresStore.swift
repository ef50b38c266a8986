import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// The shared store: PostgreSQL through postgres-nio's connection pool, for several daemons
/// serving the same practices from one database (M1).
///
/// Every write returns after PostgreSQL committed it. Times are the daemon's (`clock`), never the
/// database's `now()`, so every daemon and the SQLite store date things the same way. The pool
/// must be running (``run()``) for any call to make progress.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The daemon's clock.
    let clock: @Sendable () -> Date

    /// How long a claim (an outbox row being sent, a media file being downloaded) belongs to the
    /// daemon that made it. Longer than a carrier send or a download may take; a daemon that died
    /// holding a claim delays that row by at most this much, after which another takes it over.
    public static let claimLease: Duration = .seconds(120)

    /// A store on the database `configuration` names; nothing connects before ``run()``.
    public init(configuration: Configuration, clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        // The pool logs each failed connection attempt at info, once a second while the database
        // is away; the daemon's own check says that once (event=database_unreachable).
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration.client, backgroundLogger: background)
        self.logger = logger
        self.clock = clock
    }

    /// Runs the connection pool until the calling task is cancelled.
    public func run() async {
        await client.run()
    }
}
