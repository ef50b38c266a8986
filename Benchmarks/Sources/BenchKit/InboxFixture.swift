import Foundation
import GRDB
import LoadKit

/// A state directory whose database holds one practice's large inbox, for timing the staff
/// API's conversation list and thread (issue 12): `conversations` conversations of practice 1
/// with `messagesPerConversation` messages each, made once and cached.
///
/// Like ``StartupFixture`` the schema is the daemon's own (a fresh daemon migrates an empty
/// directory and stops), the rows are added with SQL in a few transactions with the indexes
/// dropped, and the indexes are rebuilt after. Then the list's own columns are filled as the
/// daemon's write path fills them: each conversation's newest message and its time, and the
/// practice's read mark.
///
/// - Conversation `k` belongs to `ClientNumbers.number(at: k)` and to a directory client named
///   `Client Number<k>`; every tenth is ended.
/// - Messages arrive round-robin over the conversations in a shuffled order (slot `s` of a round
///   goes to conversation `s * 7919 mod conversations`), so a conversation's messages are spread
///   over the table as real ones are and the list's order is not the id order. Rounds alternate
///   inbound (the client) and outbound (staff, delivered); one message every half second.
/// - Two conversations in three are read up to their eleventh-newest message (5 or 6 unread
///   inbound), the others up to their newest.
public struct InboxFixture: Sendable {
    /// Bumped whenever what is generated changes, so an old cache is rebuilt.
    public static let version = 1
    /// Multiplier of the shuffle, a prime: coprime with any conversation count but its multiples.
    static let shuffle = 7_919

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
        "inbox version=\(Self.version) conversations=\(conversations) messages=\(messages) "
            + "migrations=\(migrations.joined(separator: ","))\n"
    }

    /// Builds the fixture unless cached; `log` receives progress lines.
    public func prepare(daemonBinary: String, log: (String) -> Void) throws {
        guard conversations > 0, conversations % Self.shuffle != 0 else {
            throw BenchError("the conversation count must not be a multiple of \(Self.shuffle)")
        }
        let probe = StartupFixture(root: root, conversations: conversations, messagesPerConversation: messagesPerConversation)
        let migrations = try probe.currentMigrations(daemonBinary: daemonBinary)
        guard migrations.contains(where: { $0.hasPrefix("v6") }) else {
            throw BenchError("the daemon at \(daemonBinary) predates the inbox's migration v6; rebuild it")
        }
        if (try? String(contentsOfFile: stampPath, encoding: .utf8)) == stamp(migrations: migrations),
           FileManager.default.fileExists(atPath: databasePath) { return }
        log("generating the inbox fixture (\(conversations) conversations, \(messages) messages); cached for later runs")
        let started = ContinuousClock.now
        try? FileManager.default.removeItem(atPath: root)
        try BulkLoad.createSchema(daemonBinary: daemonBinary, stateDirectory: stateDirectory, workDirectory: "\(root)/work")
        var base: Bases?
        try BulkLoad.load(databasePath, dropping: ["conversation", "message", "client", "client_phone"], log: log) { db in
            let bases = try Bases(db)
            base = bases
            try insertClientsAndConversations(db, base: bases, log: log)
            try insertMessages(db, base: bases, log: log)
        } afterIndexes: { db in
            guard let base else { return }
            try fillListColumns(db, base: base, log: log)
            try db.execute(sql: "ANALYZE")
        }
        try stamp(migrations: migrations).write(toFile: stampPath, atomically: true, encoding: .utf8)
        log("inbox fixture ready in \(Format.fixed(Format.seconds(.now - started))) s: \(databasePath)")
    }

    /// The highest ids before the load: the fixture's rows follow them.
    private struct Bases {
        let client: Int64
        let conversation: Int64
        let message: Int64

        init(_ db: Database) throws {
            client = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM client") ?? 0
            conversation = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM conversation") ?? 0
            message = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM message") ?? 0
        }
    }

    private func insertClientsAndConversations(_ db: Database, base: Bases, log: (String) -> Void) throws {
        let step = ContinuousClock.now
        let phone = StartupFixture.phoneSQL("n.k")
        try db.inTransaction {
            try db.execute(sql: """
                WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ?)
                INSERT INTO client (id, practice_id, source, external_id, first_name, last_name, created_at, updated_at)
                SELECT ? + n.k + 1, 1, 'pms', 'INBOX-' || n.k, 'Client', 'Number' || n.k, 1700000000, 1700000000 FROM n
                """, arguments: [conversations, base.client])
            try db.execute(sql: """
                WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ?)
                INSERT INTO client_phone (client_id, practice_id, phone)
                SELECT ? + n.k + 1, 1, \(phone) FROM n JOIN area_code a ON a.idx = n.k % 100
                """, arguments: [conversations, base.client])
            try db.execute(sql: """
                WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ?)
                INSERT INTO conversation (id, practice_id, phone, client_id, title, channel, active, created_at, ended_at,
                    last_activity_at)
                SELECT ? + n.k + 1, 1, \(phone), ? + n.k + 1, 'Client Number' || n.k, 'text',
                    CASE WHEN n.k % 10 = 9 THEN 0 ELSE 1 END, 1699990000 + n.k * 0.01,
                    CASE WHEN n.k % 10 = 9 THEN 1800000000 END, 1699990000 + n.k * 0.01
                FROM n JOIN area_code a ON a.idx = n.k % 100
                """, arguments: [conversations, base.conversation, base.client])
            return .commit
        }
        log("  \(conversations) clients and conversations in \(Format.fixed(Format.seconds(.now - step))) s")
    }

    private func insertMessages(_ db: Database, base: Bases, log: (String) -> Void) throws {
        let chunk = 500_000
        var low = 0
        // Message i: round i / C, slot i % C, conversation k = slot * shuffle mod C.
        let k = "((n.i % \(conversations)) * \(Self.shuffle)) % \(conversations)"
        let inbound = "((n.i / \(conversations)) % 2 = 0)"
        while low < messages {
            let high = min(messages, low + chunk)
            let step = ContinuousClock.now
            try db.inTransaction {
                try db.execute(sql: """
                    WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
                    INSERT INTO message (id, practice_id, conversation_id, phone, practice_number, direction, channel, author,
                        client_name, body, inbound_sid, outbound_sid, routed, delivery_state, created_at)
                    SELECT ? + n.i + 1, 1, ? + \(k) + 1, \(StartupFixture.phoneSQL(k)), '+18005551000',
                        CASE WHEN \(inbound) THEN 'inbound' ELSE 'outbound' END, 'text',
                        CASE WHEN \(inbound) THEN 'client' ELSE 'staff:Dr. Fixture' END,
                        CASE WHEN \(inbound) THEN 'Client Number' || \(k) END,
                        'Inbox fixture message ' || n.i || ': is the 3pm appointment on Thursday still fine for Rex?',
                        CASE WHEN \(inbound) THEN printf('SMinbox%026x', n.i) END,
                        CASE WHEN NOT \(inbound) THEN printf('SMinboxout%023x', n.i) END,
                        1, CASE WHEN NOT \(inbound) THEN 'delivered' END, 1700000000 + n.i * 0.5
                    FROM n JOIN area_code a ON a.idx = (\(k)) % 100
                    """, arguments: [low, high, base.message, base.conversation])
                return .commit
            }
            log("  messages \(low)..<\(high) in \(Format.fixed(Format.seconds(.now - step))) s")
            low = high
        }
    }

    /// What the write path keeps on each conversation (migration v6): the newest message and its
    /// time, and the read mark.
    private func fillListColumns(_ db: Database, base: Bases, log: (String) -> Void) throws {
        let step = ContinuousClock.now
        try db.inTransaction {
            try db.execute(sql: """
                UPDATE conversation SET last_message_id = (SELECT MAX(id) FROM message WHERE conversation_id = conversation.id)
                WHERE id > ?
                """, arguments: [base.conversation])
            try db.execute(sql: """
                UPDATE conversation SET last_activity_at = (SELECT created_at FROM message WHERE id = conversation.last_message_id),
                    staff_read_through = CASE WHEN (id - ?) % 3 = 0 THEN last_message_id ELSE
                        COALESCE((SELECT id FROM message WHERE conversation_id = conversation.id
                            ORDER BY id DESC LIMIT 1 OFFSET 10), 0) END
                WHERE id > ? AND last_message_id IS NOT NULL
                """, arguments: [base.conversation, base.conversation])
            return .commit
        }
        log("  list columns filled in \(Format.fixed(Format.seconds(.now - step))) s")
    }
}
