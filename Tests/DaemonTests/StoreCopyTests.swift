import Daemon
import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing
import TextingCore
import TextingStore
import TextingStorePostgres
import TextingStoreSQLite

/// `twowayd store copy` (issue 14, M1, D3): an installation's SQLite database moves into an
/// empty PostgreSQL database whole, table by table, with the same values; a database holding
/// data and an unusable address are refused without copying anything.
@Suite("store copy: SQLite into an empty PostgreSQL database")
struct StoreCopyTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000.123456)
    static let logger: Logger = {
        var logger = Logger(label: "store-copy-test")
        logger.logLevel = .error
        return logger
    }()

    /// A SQLite store in a new folder, and its file's path.
    static func sqlite() throws -> (SQLiteStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("twowayd.sqlite").path
        return (try SQLiteStore(path: path), path)
    }

    static func practice(_ name: String, number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: name, country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }

    /// Fills `store` through its API with a row in nearly every table: practices and a charge,
    /// the directory, a staff account and its session, a webhook endpoint (so changes make
    /// events and deliveries), a conversation with an inbound text with two attachments (media
    /// rows), a staff reply queued for the carrier (outbox), a subscription change, a text to no
    /// practice's number. Returns the practices.
    static func fill(_ store: SQLiteStore) async throws -> [Practice] {
        let first = try await store.createPractice(try practice("Riverside Vet", number: "800-555-0101"))
        let second = try await store.createPractice(try practice("Hillside Animal Clinic", number: "800-555-0102"))
        try await store.recordCharge(practice: first.id, kind: "port_setup", amountCents: 29_900, at: at)
        let phone = try PhoneNumber(parsing: "312-555-0142")
        try await store.upsertDirectory(practice: first.id, clients: [
            ClientProfile(id: ClientID(0), practiceID: first.id, source: .pms, externalID: "PMS-7", firstName: "Jamie",
                          lastName: "Rivers", email: "jamie@example.com", phones: [phone]),
        ])
        let account = try await store.createStaffAccount(
            NewStaffAccount(practice: first.id, login: "Ana@Riverside", displayName: "Ana", role: .admin, passwordHash: "$2b$hash"),
            at: at)
        try await store.createStaffSession(StaffAccountSessionRecord(
            tokenHash: "hash-1", accountID: account.id, csrfToken: "csrf", createdAt: at, lastUsedAt: at,
            expiresAt: at.addingTimeInterval(3_600)))
        _ = try await store.addEventEndpoint(EventEndpointRecord(
            id: 0, practiceID: first.id, url: "http://127.0.0.1:9/hook", eventTypes: nil, secret: "whsec_AAAA",
            secretCredential: nil, source: .control, createdAt: at))
        let opened = try await store.commit(SessionBatch(
            practiceID: first.id, phone: phone,
            conversation: .create(ConversationRecord(
                id: ConversationID(0), practiceID: first.id, phone: phone, clientID: nil, title: "Jamie Rivers",
                channel: .text, isActive: true, createdAt: at)),
            messages: [MessageDraft(
                direction: .inbound, author: .client, clientName: "Jamie Rivers",
                body: "Tab\there, a new line\nand a backslash \\ — 🐶", carrierSID: "SMcopy1",
                media: [MediaAttachment(contentType: "image/jpeg", sourceURL: "https://media.example/1"),
                        MediaAttachment(contentType: "application/pdf", sourceURL: "https://media.example/2")],
                createdAt: at)],
            subscriptions: Subscriptions(twoWay: true, reminders: false),
            subscriptionChanges: [SubscriptionChange(kind: .reminders, subscribed: false, actor: "client", method: "keyword", at: at)]))
        let conversation = try #require(opened.conversationID)
        _ = try await store.commit(SessionBatch(
            practiceID: first.id, phone: phone, conversation: .attach(conversation),
            messages: [MessageDraft(
                direction: .outbound, author: .staff("Ana"), body: "We'll see Rex at 3.", sendFrom: try PhoneNumber(parsing: "800-555-0101"),
                createdAt: at.addingTimeInterval(60), accountID: account.id)]))
        _ = try await store.storeOrphan(
            MessageDraft(direction: .inbound, author: .client, body: "wrong number", carrierSID: "SMorphan", routed: false,
                         inConversation: false, createdAt: at),
            phone: phone, practiceNumber: try PhoneNumber(parsing: "800-555-0199"))
        return [first, second]
    }

    static func copier() -> StoreCopier {
        var copier = StoreCopier(logger: logger)
        copier.rowsPerPage = 2  // several pages per table, so paging is exercised too
        return copier
    }

    /// Each table's count in the SQLite file.
    static func sqliteCounts(_ path: String) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try SQLiteStore.Export(path: path).tables.map { ($0.name, $0.rowCount) })
    }

    /// How many rows `table` holds in the PostgreSQL database of `store`.
    static func count(_ store: PostgresStore, _ table: String) async throws -> Int {
        try await store.importing { importer in try await importer.count(table) }
    }

    @Test("M1, D3: every table's rows arrive with the same values; ids continue after the copied ones")
    func copiesEverything() async throws {
        let (sqlite, path) = try Self.sqlite()
        let practices = try await Self.fill(sqlite)
        let conversations = try await sqlite.conversations(practice: practices[0].id, activeOnly: false)
        let conversation = try #require(conversations.first)
        let stored = try await sqlite.messages(conversation: conversation.id)
        try await PostgresTestDatabase.withFresh { database in
            let report = try await Self.copier().copy(from: path, to: try .init(url: database.url))
            let counts = try Self.sqliteCounts(path)
            #expect(Dictionary(uniqueKeysWithValues: report.tables.map { ($0.name, $0.rows) }) == counts)
            for table in ["practice", "charge", "client", "client_phone", "subscription", "subscription_change",
                          "conversation", "message", "outbox", "media", "staff_account", "staff_session",
                          "webhook_endpoint", "event", "event_delivery"] {
                #expect((counts[table] ?? 0) > 0, "the fixture fills \(table)")
            }
            #expect(report.totalRows == counts.values.reduce(0, +))
            #expect(report.lines.first == "practice: 2 rows")
            try await database.withStore { store in
                for (table, count) in counts {
                    let copied = try await Self.count(store, table)
                    #expect(copied == count, "\(table)")
                }
                // Read back through the store: the same records.
                let copiedPractices = try await store.practices()
                #expect(copiedPractices == (try await sqlite.practices()))
                let account = try await store.staffAccount(login: "ana@riverside")
                #expect(account != nil)
                let original = try await sqlite.staffAccount(login: "ana@riverside")
                #expect(account == original)
                // The same values, to the last bit of every date and byte of every text.
                let rows = try await Self.messageRows(database.url)
                #expect(rows.map(\.body) == stored.map(\.body) + ["wrong number"])
                #expect(rows.map(\.createdAt) == stored.map(\.createdAt.timeIntervalSince1970) + [Self.at.timeIntervalSince1970])
                #expect(rows.map(\.id) == stored.map(\.id.rawValue) + [3])
                // The records read back through the store are the ones written: messages with
                // their media lists and delivery states, conversations, media rows.
                let copiedMessages = try await store.messages(conversation: conversation.id)
                #expect(copiedMessages == stored)
                let copiedConversations = try await store.conversations(practice: practices[0].id, activeOnly: false)
                #expect(copiedConversations == conversations)
                for id in stored.flatMap(\.media).compactMap(\.id) {
                    let copiedMedia = try await store.media(id)
                    #expect(copiedMedia == (try await sqlite.media(id)))
                }
                // Identities continue after the copied ids.
                let third = try await store.createPractice(try Self.practice("Third", number: "800-555-0103"))
                #expect(third.id.rawValue == practices[1].id.rawValue + 1)
            }
        }
    }

    /// The message table's id, body and created_at, in id order, read with SQL.
    static func messageRows(_ url: String) async throws -> [(id: Int64, body: String, createdAt: Double)] {
        guard let parts = URLComponents(string: url), let host = parts.host else { return [] }
        let client = PostgresClient(configuration: .init(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
            database: String(parts.path.dropFirst()), tls: .disable), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var rows: [(id: Int64, body: String, createdAt: Double)] = []
            let result = try await client.query("SELECT id, body, created_at FROM message ORDER BY id", logger: logger)
            for try await (id, body, createdAt) in result.decode((Int64, String, Double).self) {
                rows.append((id, body, createdAt))
            }
            return rows
        }
    }

    @Test("A database that already holds data is refused, and nothing is copied into it")
    func refusesNonEmptyTarget() async throws {
        let (sqlite, path) = try Self.sqlite()
        _ = try await Self.fill(sqlite)
        try await PostgresTestDatabase.withFresh { database in
            _ = try await Self.copier().copy(from: path, to: try .init(url: database.url))
            let error = await #expect(throws: TextingError.self) {
                _ = try await Self.copier().copy(from: path, to: try .init(url: database.url))
            }
            #expect(error?.code.rawValue == "store_copy.target_not_empty")
            #expect(error?.message.contains("practice") == true)
            // The command's exit status says so too.
            let status = await TwowayDaemon.storeCopy(StoreCopyOptions(source: path, target: .url(database.url)))
            #expect(status == TwowayDaemon.targetNotEmpty)
            try await database.withStore { store in
                let practices = try await Self.count(store, "practice")
                let messages = try await Self.count(store, "message")
                #expect(practices == 2)
                #expect(messages == (try Self.sqliteCounts(path))["message"])
            }
        }
    }

    @Test("A wrong address is refused clearly: not a PostgreSQL URL, or no server answering")
    func refusesWrongAddress() async throws {
        let (sqlite, path) = try Self.sqlite()
        _ = try await Self.fill(sqlite)
        #expect(throws: TextingError.self) { _ = try PostgresStore.Configuration(url: "mysql://root@127.0.0.1/twowayd") }
        var copier = Self.copier()
        copier.connectTimeout = .seconds(2)
        let error = await #expect(throws: TextingError.self) {
            // Port 9 (discard) on loopback: nothing listens.
            _ = try await copier.copy(from: path, to: try .init(url: "postgres://postgres@127.0.0.1:9/twowayd?sslmode=disable"))
        }
        #expect(error?.code.rawValue == "store_copy.unreachable")
        #expect(error?.message.contains("127.0.0.1:9") == true)
        #expect(error?.message.contains("connection refused") == true)
        // The server's own reason when it answers but refuses.
        try await PostgresTestDatabase.withFresh { database in
            var parts = try #require(URLComponents(string: database.url))
            parts.path = "/no_such_database"
            let refused = await #expect(throws: TextingError.self) {
                _ = try await copier.copy(from: path, to: try .init(url: try #require(parts.string)))
            }
            #expect(refused?.message.contains(#"database "no_such_database" does not exist"#) == true)
        }
        let missing = await #expect(throws: TextingError.self) {
            _ = try await copier.copy(from: path + ".missing", to: try .init(url: "postgres://postgres@127.0.0.1:9/twowayd"))
        }
        #expect(missing?.code.rawValue == "store_copy.source_missing")
    }

    @Test("D3: a copy taken while a daemon keeps writing is one consistent snapshot")
    func copiesWhileWritten() async throws {
        let (sqlite, path) = try Self.sqlite()
        let practices = try await Self.fill(sqlite)
        let writer = Task {
            for index in 0..<300 {
                let phone = PhoneNumber(e164: "+1312555" + String(format: "%04d", 3_000 + index))!  // valid Chicago numbers
                _ = try await sqlite.commit(SessionBatch(practiceID: practices[0].id, phone: phone, messages: [MessageDraft(
                    direction: .inbound, author: .client, body: "m\(index)", carrierSID: "SMw\(index)", inConversation: false,
                    createdAt: Date())]))
            }
        }
        try await PostgresTestDatabase.withFresh { database in
            // The copy checks each table's count against its snapshot before committing.
            let report = try await Self.copier().copy(from: path, to: try .init(url: database.url))
            try await writer.value
            let copied = try #require(report.tables.first { $0.name == "message" }).rows
            #expect(copied >= 3 && copied <= 303)
            try await database.withStore { store in
                let stored = try await Self.count(store, "message")
                #expect(stored == copied)
            }
        }
    }

    @Test("The command line: store copy with --from and --to or --to-file; anything else is a usage error")
    func commandLine() throws {
        let parsed = try CommandLineOptions(parsing: ["store", "copy", "--from", "/var/lib/twowayd/twowayd.sqlite",
                                                      "--to", "postgres://u@db/twowayd"])
        #expect(parsed.mode == .storeCopy(StoreCopyOptions(
            source: "/var/lib/twowayd/twowayd.sqlite", target: .url("postgres://u@db/twowayd"))))
        let fromFile = try StoreCopyOptions(parsing: ["copy", "--to-file=/run/credentials/twowayd/postgres-url", "--from=a.sqlite"])
        #expect(fromFile == StoreCopyOptions(source: "a.sqlite", target: .file("/run/credentials/twowayd/postgres-url")))
        for wrong in [["store"], ["store", "move"], ["store", "copy", "--from", "a"], ["store", "copy", "--to", "u"],
                      ["store", "copy", "--from", "a", "--to", "u", "--to-file", "f"], ["store", "copy", "--from"],
                      ["store", "copy", "--from", "a", "--from", "b", "--to", "u"], ["store", "copy", "--from", "a", "--too", "u"]] {
            #expect(throws: ConfigurationError.self, "\(wrong)") { _ = try CommandLineOptions(parsing: wrong) }
        }
        // The URL from a file: its first line (a credential file may end with a newline).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-url-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("postgres://u:secret@db/twowayd\n".utf8))
        #expect(try StoreCopyOptions(source: "a", target: .file(file)).targetURL() == "postgres://u:secret@db/twowayd")
        #expect(throws: TextingError.self) { _ = try StoreCopyOptions(source: "a", target: .file(file + ".missing")).targetURL() }
    }
}
