import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// Broadcasts between the daemons sharing the database, through PostgreSQL's `NOTIFY` on one
/// channel (M1): the staff pages' live changes made on one daemon reach the readers of the others.
extension PostgresStore {
    /// The `LISTEN`/`NOTIFY` channel.
    static let broadcastChannel = "twowayd_changes"

    /// PostgreSQL's limit on a notification's payload is 8,000 bytes.
    static let broadcastLimit = 7_000

    public func broadcast(_ payload: String) async throws {
        guard payload.utf8.count <= Self.broadcastLimit else {
            throw TextingError(.init("store.broadcast_too_large"),
                               "A broadcast of \(payload.utf8.count) bytes is over the limit of \(Self.broadcastLimit).")
        }
        try Self.checkStorable(payload)
        _ = try await client.query("SELECT pg_notify(\(Self.broadcastChannel), \(payload))", logger: logger).collect()
    }

    /// Holds one connection of the pool while listening.
    public func receiveBroadcasts(_ receive: @escaping @Sendable (String) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.broadcastChannel) { notifications in
                for try await notification in notifications {
                    await receive(notification.payload)
                }
            }
        }
    }
}
