import Foundation
import PostgresNIO
import Synchronization
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// Phone sessions on PostgreSQL (issue 14, M1): a batch is written whole or not at all, only
/// from the number's current version, and a retried webhook is stored once, also when two
/// daemons (two `PostgresStore`s on one database) commit at the same moment.
@Suite("PostgresStore: sessions")
struct SessionTests {
    static let phone = PhoneNumber(e164: "+13125550142")!  // a valid E.164 literal
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Runs `body` with two daemons' stores (each its own pool) on one fresh, migrated database
    /// and a practice.
    static func withTwoDaemons<Value>(
        clock: @escaping @Sendable () -> Date = { Date() },
        _ body: (PostgresStore, PostgresStore, PracticeID) async throws -> Value
    ) async throws -> Value {
        try await PostgresTestDatabase.withFresh { database in
            try await database.withStore(clock: clock) { first in
                let practice = try await Self.practice(first)
                return try await database.withStore(clock: clock) { second in
                    try await body(first, second, practice)
                }
            }
        }
    }

    /// A practice row (sessions need no more of it than its id).
    static func practice(_ store: PostgresStore) async throws -> PracticeID {
        let id = try await store.client.query("""
            INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, created_at)
            VALUES ('Oak Vets', 'US', 'America/Chicago', '+13125550100', '+13125550199', \(start.timeIntervalSince1970))
            RETURNING id
            """, logger: store.logger).single(Int64.self)
        return PracticeID(id)
    }

    /// The one integer a query returns.
    static func count(_ store: PostgresStore, _ query: PostgresQuery) async throws -> Int64 {
        try await store.client.withConnection { connection in
            try await connection.query(query, logger: store.logger).single(Int64.self)
        }
    }

    /// What a commit gave: its result or its error.
    static func outcome(_ body: () async throws -> SessionCommit) async -> Result<SessionCommit, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    static func inbound(_ sid: String, body: String = "Is Rex ready?", at date: Date = start,
                        media: [MediaAttachment] = []) -> MessageDraft {
        MessageDraft(direction: .inbound, author: .client, body: body, carrierSID: sid, media: media, createdAt: date)
    }

    static func conversation(_ practice: PracticeID, at date: Date = start) -> ConversationRecord {
        ConversationRecord(id: ConversationID(0), practiceID: practice, phone: phone, clientID: nil, title: "Rex",
                           channel: .text, isActive: true, createdAt: date)
    }

    @Test("D1, A6, S5: a batch round trip: profile, conversation, messages, reminder, subscriptions and the version")
    func roundTrip() async throws {
        try await Self.withTwoDaemons { store, _, practice in
            let empty = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.start)
            #expect(empty.version == 0 && empty.activeConversation == nil && empty.profile == nil)
            #expect(empty.subscriptions == Subscriptions())

            let practiceNumber = try PhoneNumber(parsing: "800-555-1000")
            var batch = SessionBatch(
                practiceID: practice, phone: Self.phone, conversation: .create(Self.conversation(practice)),
                messages: [
                    MessageDraft(direction: .outbound, author: .reminder, body: "Rex is due for shots.", inConversation: false,
                                 sendFrom: practiceNumber, isReminder: true, createdAt: Self.start),
                    Self.inbound("SM1", at: Self.start.addingTimeInterval(60)),
                    MessageDraft(direction: .outbound, author: .staff("Ann"), body: "Yes, come by.", sendFrom: practiceNumber,
                                 createdAt: Self.start.addingTimeInterval(120)),
                ],
                subscriptions: Subscriptions(twoWay: true, reminders: false),
                subscriptionChanges: [SubscriptionChange(kind: .reminders, subscribed: false, actor: "client", method: "STOP",
                                                         at: Self.start)],
                profile: .create(ClientProfile(id: ClientID(0), practiceID: practice, source: .bot, firstName: "Dana",
                                               lastName: "Fox")))
            batch.expectedVersion = 0
            let commit = try await store.commit(batch)
            #expect(!commit.duplicate && commit.version == 1 && commit.messageIDs.count == 3)
            #expect(commit.reminders.map(\.body) == ["Rex is due for shots."])

            let session = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.start.addingTimeInterval(300))
            #expect(session.version == 1)
            let conversation = try #require(session.activeConversation)
            #expect(conversation.id == commit.conversationID && conversation.title == "Rex" && conversation.isActive)
            #expect(conversation.clientID == commit.clientID && commit.clientID != nil)
            #expect(session.profile?.firstName == "Dana" && session.profile?.phones == [Self.phone])
            #expect(session.subscriptions == Subscriptions(twoWay: true, reminders: false))
            #expect(session.recentReminders == commit.reminders)
            #expect(session.recentInboundSIDs == ["SM1"])
            // Outbound texts entered the outbox in the same transaction (D2); the list columns moved.
            #expect(try await Self.count(store, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 2)
            #expect(try await Self.count(store, "SELECT count(*) FROM subscription_change") == 1)
            let last = try await Self.count(store, """
                SELECT last_message_id FROM conversation WHERE id = \(conversation.id.rawValue)
                """)
            #expect(last == commit.messageIDs[2].rawValue)
            let read = try await Self.count(store, "SELECT staff_read_through FROM conversation WHERE id = \(conversation.id.rawValue)")
            #expect(read == commit.messageIDs[2].rawValue)

            // The next batch from the new version commits and moves it on again.
            var next = SessionBatch(practiceID: practice, phone: Self.phone, conversation: .attach(conversation.id),
                                    messages: [Self.inbound("SM2", at: Self.start.addingTimeInterval(400))])
            next.expectedVersion = session.version
            #expect(try await store.commit(next).version == 2)
            // A batch without a version (nothing checked) leaves the version as it is.
            let unchecked = try await store.commit(SessionBatch(practiceID: practice, phone: Self.phone,
                                                                messages: [Self.inbound("SM3", at: Self.start)]))
            #expect(unchecked.version == nil)
            #expect(try await store.loadSession(practice: practice, phone: Self.phone, now: Self.start).version == 2)
        }
    }

    @Test("M1: a batch from a stale version throws SessionChanged and writes nothing")
    func staleVersion() async throws {
        try await Self.withTwoDaemons { store, _, practice in
            var first = SessionBatch(practiceID: practice, phone: Self.phone, conversation: .create(Self.conversation(practice)),
                                     messages: [Self.inbound("SM1")])
            first.expectedVersion = 0
            #expect(try await store.commit(first).version == 1)
            let messages = try await Self.count(store, "SELECT count(*) FROM message")

            var stale = SessionBatch(practiceID: practice, phone: Self.phone, messages: [Self.inbound("SM2")],
                                     subscriptions: Subscriptions(twoWay: false, reminders: false))
            stale.expectedVersion = 0
            await #expect(throws: SessionChanged.self) { try await store.commit(stale) }
            stale.expectedVersion = 7
            await #expect(throws: SessionChanged.self) { try await store.commit(stale) }
            #expect(try await Self.count(store, "SELECT count(*) FROM message") == messages)
            #expect(try await Self.count(store, "SELECT count(*) FROM subscription") == 0)
            #expect(try await store.loadSession(practice: practice, phone: Self.phone, now: Self.start).version == 1)
        }
    }

    @Test("M1, S5, A1: two daemons deciding for one number from the same version: exactly one commits")
    func oneOfTwoDaemonsWins() async throws {
        try await Self.withTwoDaemons { first, second, practice in
            for round in 0..<5 {
                let phone = PhoneNumber(e164: "+1312555030\(round)")!  // valid E.164 literal
                let a = try await first.loadSession(practice: practice, phone: phone, now: Self.start)
                let b = try await second.loadSession(practice: practice, phone: phone, now: Self.start)
                #expect(a.version == 0 && b.version == 0)
                func batch(_ sid: String, _ version: Int64?) -> SessionBatch {
                    var conversation = Self.conversation(practice)
                    conversation.phone = phone
                    var batch = SessionBatch(
                        practiceID: practice, phone: phone, conversation: .create(conversation), messages: [
                            Self.inbound(sid),
                            MessageDraft(direction: .outbound, author: .system, body: "We are closed.",
                                         sendFrom: PhoneNumber(e164: "+18005551000"), createdAt: Self.start),
                        ])
                    batch.expectedVersion = version
                    return batch
                }
                async let one = Self.outcome { try await first.commit(batch("SMa\(round)", a.version)) }
                async let two = Self.outcome { try await second.commit(batch("SMb\(round)", b.version)) }
                let results = await [one, two]
                let won = results.compactMap { try? $0.get() }
                #expect(won.count == 1 && won.first?.version == 1)
                let lost = results.compactMap { result -> (any Error)? in
                    if case .failure(let error) = result { return error }
                    return nil
                }
                #expect(lost.count == 1 && lost.first is SessionChanged)
                // One conversation, one after-hours reply, one inbound text: the loser wrote nothing.
                #expect(try await Self.count(first, "SELECT count(*) FROM conversation WHERE phone = \(phone.e164)") == 1)
                #expect(try await Self.count(first, "SELECT count(*) FROM message WHERE phone = \(phone.e164)") == 2)
                #expect(try await Self.count(first, "SELECT count(*) FROM outbox WHERE to_number = \(phone.e164)") == 1)
            }
            // Without versions, the one-active-conversation index still keeps S5 and the
            // later batch is told to decide again.
            let phone = PhoneNumber(e164: "+13125550399")!  // valid E.164 literal
            var conversation = Self.conversation(practice)
            conversation.phone = phone
            let create = SessionBatch(practiceID: practice, phone: phone, conversation: .create(conversation))
            async let one = Self.outcome { try await first.commit(create) }
            async let two = Self.outcome { try await second.commit(create) }
            let results = await [one, two]
            #expect(results.filter { (try? $0.get()) != nil }.count == 1)
            #expect(results.contains { if case .failure(let error) = $0 { error is SessionChanged } else { false } })
        }
    }

    @Test("R6, D1: the same MessageSid committed at once by two daemons is stored once")
    func sameSIDOnce() async throws {
        try await Self.withTwoDaemons { first, second, practice in
            let media = [MediaAttachment(contentType: "image/jpeg", sourceURL: "https://m/1")]
            for round in 0..<5 {
                let sid = "SMdup\(round)"
                let batch = SessionBatch(practiceID: practice, phone: Self.phone,
                                         messages: [Self.inbound(sid, media: media)])
                let results = try await withThrowingTaskGroup(of: SessionCommit.self) { group in
                    for index in 0..<4 {
                        let store = index % 2 == 0 ? first : second
                        group.addTask { try await store.commit(batch) }
                    }
                    return try await group.reduce(into: [SessionCommit]()) { $0.append($1) }
                }
                #expect(results.filter { !$0.duplicate }.count == 1)
                #expect(results.filter(\.duplicate).allSatisfy { $0.messageIDs.isEmpty })
                #expect(try await Self.count(first, "SELECT count(*) FROM message WHERE inbound_sid = \(sid)") == 1)
            }
            #expect(try await Self.count(first, "SELECT count(*) FROM media") == 5)
            // A retry arriving later, and a text to a number of no practice, are stored once too.
            #expect(try await first.commit(SessionBatch(practiceID: practice, phone: Self.phone,
                                                        messages: [Self.inbound("SMdup0")])).duplicate)
            let to = PhoneNumber(e164: "+18005551999")!  // valid E.164 literal
            async let a = first.storeOrphan(Self.inbound("SMo"), phone: Self.phone, practiceNumber: to)
            async let b = second.storeOrphan(Self.inbound("SMo"), phone: Self.phone, practiceNumber: to)
            #expect(try await [a, b].sorted { !$0 && $1 } == [false, true])
            #expect(try await Self.count(first, "SELECT count(*) FROM message WHERE inbound_sid = 'SMo' AND practice_id IS NULL") == 1)
        }
    }

    @Test("D1: a text holding U+0000 is refused whole with the store's NUL error")
    func nulRefused() async throws {
        try await Self.withTwoDaemons { store, _, practice in
            let batch = SessionBatch(practiceID: practice, phone: Self.phone, messages: [Self.inbound("SM1", body: "a\u{0}b")])
            let refused = await Self.outcome { try await store.commit(batch) }
            #expect(throws: StoredText.nulRefused) { try refused.get() }
            let stored = try await Self.count(store, "SELECT count(*) FROM message")
            #expect(stored == 0)
        }
    }

    @Test("V1: a commit writes its events in its transaction and tells this process's event sender")
    func eventsWithTheCommit() async throws {
        try await Self.withTwoDaemons { store, _, practice in
            try await store.client.query("""
                INSERT INTO webhook_endpoint (practice_id, url, secret, event_types_json, source, created_at)
                VALUES (\(practice.rawValue), 'https://example.com/hook', 'secret', NULL, 'api', \(Self.start.timeIntervalSince1970))
                """, logger: store.logger)
            let signals = Atomic<Int>(0)
            let token = EventOutboxSignal.addListener { signals.add(1, ordering: .relaxed) }
            defer { EventOutboxSignal.removeListener(token) }
            var batch = SessionBatch(practiceID: practice, phone: Self.phone, conversation: .create(Self.conversation(practice)),
                                     messages: [Self.inbound("SM1")])
            batch.expectedVersion = 0
            _ = try await store.commit(batch)
            #expect(try await Self.count(store, "SELECT count(*) FROM event") > 0)
            #expect(signals.load(ordering: .relaxed) >= 1)
            // A batch refused as stale leaves no event.
            let events = try await Self.count(store, "SELECT count(*) FROM event")
            await #expect(throws: SessionChanged.self) { try await store.commit(batch) }
            #expect(try await Self.count(store, "SELECT count(*) FROM event") == events)
        }
    }

    @Test("P3, M1: the unread-app text of one stretch is decided once; a second decision rolls its whole batch back")
    func appNudgeDecidedOnce() async throws {
        try await Self.withTwoDaemons { first, second, practice in
            var conversation = Self.conversation(practice)
            conversation.channel = .app
            let opened = try await first.commit(SessionBatch(
                practiceID: practice, phone: Self.phone, conversation: .create(conversation), messages: [
                    MessageDraft(direction: .outbound, channel: .app, author: .staff("Ann"), body: "Rex is ready.",
                                 createdAt: Self.start),
                ]))
            let id = try #require(opened.conversationID)
            let through = try #require(opened.messageIDs.first)
            func nudge(_ body: String) -> SessionBatch {
                var batch = SessionBatch(practiceID: practice, phone: Self.phone, messages: [
                    MessageDraft(direction: .outbound, author: .system, body: body, inConversation: false,
                                 sendFrom: PhoneNumber(e164: "+18005551000"), createdAt: Self.start.addingTimeInterval(600)),
                ])
                batch.appNudge = AppNudgeMark(conversationID: id, through: through, skipped: nil,
                                              at: Self.start.addingTimeInterval(600))
                return batch
            }
            let sent = try await first.commit(nudge("You have a message in the app."))
            let refused = await Self.outcome { try await second.commit(nudge("Again.")) }
            #expect(throws: AppNudgeAlreadyDecided()) { try refused.get() }
            let recorded = try await Self.count(first, "SELECT message_id FROM app_nudge WHERE conversation_id = \(id.rawValue)")
            #expect(recorded == sent.messageIDs.first?.rawValue)
            let texts = try await Self.count(first, "SELECT count(*) FROM message WHERE body = 'Again.'")
            #expect(texts == 0)
        }
    }
}
