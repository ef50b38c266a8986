import Foundation
import GRDB
import LoadKit

/// A state directory whose database holds many conversations and messages, for measuring
/// start-up. Made once and cached: generating 10,000,000 messages takes minutes.
///
/// The schema is the daemon's own: a fresh daemon is started on an empty directory and stopped
/// (it migrates and seeds the sandbox demo practice, id 1); then rows are added with SQL, the
/// indexes dropped during the load and rebuilt after it. Conversation `k` belongs to
/// `ClientNumbers.number(at: k)` (active, practice 1); each has `messagesPerConversation`
/// messages, alternately inbound (with a MessageSid) and outbound (with a carrier id, delivered,
/// and a `done` outbox row, which the daemon never deletes).
public struct StartupFixture: Sendable {
    /// Bumped whenever what is generated changes, so an old cache is rebuilt.
    public static let version = 1

    public let root: String
    public let conversations: Int
    public let messagesPerConversation: Int

    public init(root: String, conversations: Int, messagesPerConversation: Int) {
        self.root = root
        self.conversations = conversations
        self.messagesPerConversation = messagesPerConversation
    }

    public var stateDirectory: String { "\(root)/state" }
    public var databasePath: String { "\(stateDirectory)/twowayd.sqlite" }
    public var messages: Int { conversations * messagesPerConversation }
    private var stampPath: String { "\(root)/fixture.stamp" }
    private func stamp(migrations: [String]) -> String {
        "version=\(Self.version) conversations=\(conversations) messages=\(messages) "
            + "migrations=\(migrations.joined(separator: ","))\n"
    }

    /// Whether a complete fixture with these parameters, made by a daemon with the migrations
    /// `migrations`, is already there (a newer schema would make the first start migrate it).
    public func isCached(migrations: [String]) -> Bool {
        (try? String(contentsOfFile: stampPath, encoding: .utf8)) == stamp(migrations: migrations)
            && FileManager.default.fileExists(atPath: databasePath)
    }

    /// The migrations a fresh database gets from `daemonBinary` (started once on an empty
    /// directory under `root`).
    public func currentMigrations(daemonBinary: String) throws -> [String] {
        let probe = "\(root)-probe"
        try? FileManager.default.removeItem(atPath: probe)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        let daemon = try DaemonProcess(binary: daemonBinary, stateDirectory: "\(probe)/state", workDirectory: probe,
                                       name: "probe")
        try daemon.waitReady()
        daemon.stop()
        let queue = try BenchDatabase.openReadOnly("\(probe)/state/twowayd.sqlite")
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
    }

    /// Builds the fixture unless cached; `log` receives progress lines.
    public func prepare(daemonBinary: String, log: (String) -> Void) throws {
        let migrations = try currentMigrations(daemonBinary: daemonBinary)
        if isCached(migrations: migrations) { return }
        log("generating the fixture (\(conversations) conversations, \(messages) messages, schema "
            + "\(migrations.joined(separator: ", "))); it is cached for later runs")
        let started = ContinuousClock.now
        try? FileManager.default.removeItem(atPath: root)
        try BulkLoad.createSchema(daemonBinary: daemonBinary, stateDirectory: stateDirectory, workDirectory: "\(root)/work")
        try BulkLoad.load(databasePath, dropping: ["conversation", "message", "outbox"], log: log) { db in
            try insertConversations(db, log: log)
            try insertMessages(db, log: log)
            try insertOutbox(db, log: log)
        }
        try stamp(migrations: migrations).write(toFile: stampPath, atomically: true, encoding: .utf8)
        log("fixture ready in \(Format.fixed(Format.seconds(.now - started))) s: \(databasePath)")
    }

    /// The E.164 number of conversation `k` (0-based) in SQL, mirroring ``ClientNumbers``.
    static func phoneSQL(_ k: String) -> String {
        "'+1' || a.code || (555 + ((\(k)) / 100) / 8000) || (2000 + ((\(k)) / 100) % 8000)"
    }

    private func insertConversations(_ db: Database, log: (String) -> Void) throws {
        let step = ContinuousClock.now
        try db.inTransaction {
            try db.execute(sql: """
                WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ?)
                INSERT INTO conversation (practice_id, phone, title, channel, active, created_at)
                SELECT 1, \(Self.phoneSQL("n.k")), \(Self.phoneSQL("n.k")), 'text', 1, 1700000000 + n.k
                FROM n JOIN area_code a ON a.idx = n.k % 100
                """, arguments: [conversations])
            return .commit
        }
        log("  \(conversations) conversations in \(Format.fixed(Format.seconds(.now - step))) s")
    }

    private func insertMessages(_ db: Database, log: (String) -> Void) throws {
        let chunk = 1_000_000
        var low = 0
        while low < messages {
            let high = min(messages, low + chunk)
            let step = ContinuousClock.now
            try db.inTransaction {
                try db.execute(sql: """
                    WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
                    INSERT INTO message (practice_id, conversation_id, phone, practice_number, direction, channel, author,
                        body, inbound_sid, outbound_sid, routed, delivery_state, created_at)
                    SELECT 1, n.i / ? + 1, \(Self.phoneSQL("n.i / \(messagesPerConversation)")), '+18005551000',
                        CASE WHEN n.i % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'text',
                        CASE WHEN n.i % 2 = 0 THEN 'client' ELSE 'staff:Dr. Fixture' END,
                        'Fixture message number ' || n.i || ' about an appointment next week.',
                        CASE WHEN n.i % 2 = 0 THEN printf('SM%032x', n.i) END,
                        CASE WHEN n.i % 2 = 1 THEN printf('SMfx%030x', n.i) END,
                        1, CASE WHEN n.i % 2 = 1 THEN 'delivered' END, 1700000000 + n.i * 0.5
                    FROM n JOIN area_code a ON a.idx = (n.i / ?) % 100
                    """, arguments: [low, high, messagesPerConversation, messagesPerConversation])
                return .commit
            }
            log("  messages \(low)..<\(high) in \(Format.fixed(Format.seconds(.now - step))) s")
            low = high
        }
    }

    private func insertOutbox(_ db: Database, log: (String) -> Void) throws {
        let step = ContinuousClock.now
        try db.inTransaction {
            try db.execute(sql: """
                INSERT INTO outbox (message_id, practice_id, from_number, to_number, body, state, attempts,
                    next_attempt_at, created_at)
                SELECT id, 1, practice_number, phone, body, 'done', 1, created_at, created_at
                FROM message WHERE direction = 'outbound' ORDER BY id
                """)
            return .commit
        }
        log("  outbox rows in \(Format.fixed(Format.seconds(.now - step))) s")
    }
}
