import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// Thrown inside a batch's transaction when its inbound carrier id is already stored (R6): the
/// transaction rolls back and the batch is reported as a duplicate.
private struct DuplicateBatch: Error {}

/// Phone sessions on the shared database (M1): what a session reads when it is (re)built, and its
/// batches, each written in one transaction that first checks and moves on the number's version
/// in `phone_session`, so two daemons deciding for one number from the same state cannot both
/// commit (S5, A1): the later one gets ``SessionChanged`` and decides again from what is stored.
extension PostgresStore {
    /// How many of a number's latest inbound carrier ids a session keeps for duplicate checks.
    static let recentSIDCount = 32

    public func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot {
        let p = practice.rawValue
        let number = phone.e164
        let since = now.addingTimeInterval(-ReminderContext.window.inSeconds).timeIntervalSince1970
        return try await unwrappingTransaction { connection, logger in
            // One snapshot for every read, the version included: a batch built from it is
            // refused when anything of it changed since (M1).
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            var version: Int64 = 0
            for try await value in try await connection.query(
                "SELECT version FROM phone_session WHERE practice_id = \(p) AND phone = \(number)", logger: logger
            ).decode(Int64.self) { version = value }
            var conversation: ConversationRecord?
            for try await row in try await connection.query(
                "SELECT * FROM conversation WHERE practice_id = \(p) AND phone = \(number) AND active = 1", logger: logger) {
                conversation = try Self.conversation(from: row)
            }
            var subscriptions = Subscriptions()
            for try await row in try await connection.query(
                "SELECT * FROM subscription WHERE practice_id = \(p) AND phone = \(number)", logger: logger) {
                subscriptions = try Self.subscriptions(from: row)
            }
            let profile = try await Self.lookupProfile(connection, practice: practice, phone: phone, logger: logger)
            var reminders: [SentReminder] = []
            for try await (id, body, sentAt) in try await connection.query("""
                SELECT id, body, sent_at FROM reminder WHERE practice_id = \(p) AND phone = \(number) AND sent_at >= \(since)
                ORDER BY sent_at
                """, logger: logger).decode((Int64, String, Double).self) {
                reminders.append(SentReminder(id: id, body: body, sentAt: Date(timeIntervalSince1970: sentAt)))
            }
            var sids: [String] = []
            for try await sid in try await connection.query("""
                SELECT inbound_sid FROM message WHERE practice_id = \(p) AND phone = \(number) AND inbound_sid IS NOT NULL
                ORDER BY id DESC LIMIT \(Self.recentSIDCount)
                """, logger: logger).decode(String.self) { sids.append(sid) }
            return SessionSnapshot(activeConversation: conversation, subscriptions: subscriptions, profile: profile,
                                   recentReminders: reminders, recentInboundSIDs: sids.reversed(), version: version)
        }
    }

    public func commit(_ batch: SessionBatch) async throws -> SessionCommit {
        let encoded = try Self.encoded(batch)
        let now = clock()
        do {
            let (result, wroteEvents) = try await unwrappingTransaction { connection, logger in
                try await Self.apply(encoded, connection, now: now, logger: logger)
            }
            if wroteEvents { EventOutboxSignal.notify() }
            return result
        } catch is DuplicateBatch {
            return SessionCommit(duplicate: true)
        } catch let error where Self.isUniqueViolation(error, constraint: "conversation_one_active") {
            // Another daemon opened a conversation for the number without a version check in
            // between (S5): nothing was written; the session reloads and decides again.
            throw SessionChanged(practiceID: batch.practiceID, phone: batch.phone)
        }
    }

    public func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool {
        let message = message.identifyingMedia()  // media rows need their ids before the transaction
        try Self.refuseNUL(in: message)
        let media = try StoredJSON.encode(message.media.isEmpty ? nil : message.media)
        do {
            try await unwrappingTransaction { connection, logger in
                _ = try await Self.insertMessage(connection, message, practice: nil, conversation: nil, phone: phone,
                                                 practiceNumber: practiceNumber, media: media, logger: logger)
            }
            return true
        } catch is DuplicateBatch {
            return false
        }
    }

    // MARK: - Writing a batch

    /// `batch` encoded (``EncodedSessionBatch``) after checking that every text it writes can be
    /// stored (U+0000 refused, as PostgreSQL would refuse the whole transaction).
    static func encoded(_ batch: SessionBatch) throws -> EncodedSessionBatch {
        for message in batch.messages { try refuseNUL(in: message) }
        switch batch.conversation {
        case .create(let c), .update(let c): try checkStorable(c.title)
        case .attach, nil: break
        }
        switch batch.profile {
        case .create(let p), .update(let p): try checkStorable(p.externalID, p.firstName, p.lastName, p.email)
        case nil: break
        }
        for change in batch.subscriptionChanges { try checkStorable(change.actor, change.method) }
        return try EncodedSessionBatch(batch)
    }

    /// Writes `encoded` on `connection`, inside its transaction; returns what it created and
    /// whether it wrote events.
    static func apply(_ encoded: EncodedSessionBatch, _ connection: PostgresConnection, now: Date, logger: Logger) async throws
        -> (SessionCommit, Bool) {
        let batch = encoded.batch
        let practice = batch.practiceID.rawValue
        let phone = batch.phone.e164
        var result = SessionCommit()
        if let expected = batch.expectedVersion {
            guard let version = try await moveVersion(connection, batch: batch, expected: expected, logger: logger) else {
                throw SessionChanged(practiceID: batch.practiceID, phone: batch.phone)
            }
            result.version = version
        }
        for message in batch.messages where message.direction == .inbound {
            if let sid = message.carrierSID, try await inboundExists(connection, sid: sid, logger: logger) { throw DuplicateBatch() }
        }
        let stamp = now.timeIntervalSince1970

        switch batch.profile {
        case .create(let profile):
            let id = try await connection.query("""
                INSERT INTO client (practice_id, source, external_id, first_name, last_name, email, app_json,
                    email_missing_from_pms, created_at, updated_at)
                VALUES (\(practice), \(profile.source.rawValue), \(profile.externalID), \(profile.firstName),
                    \(profile.lastName), \(profile.email), \(encoded.appJSON), \(flag(profile.emailMissingFromPMS)),
                    \(stamp), \(stamp))
                RETURNING id
                """, logger: logger).single(Int64.self)
            for number in Set(profile.phones.map(\.e164) + [phone]).sorted() {
                try await connection.query("""
                    INSERT INTO client_phone (client_id, practice_id, phone) VALUES (\(id), \(practice), \(number))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            result.clientID = ClientID(id)
        case .update(let profile):
            try await connection.query("""
                UPDATE client SET first_name = \(profile.firstName), last_name = \(profile.lastName), email = \(profile.email),
                    app_json = \(encoded.appJSON), email_missing_from_pms = \(flag(profile.emailMissingFromPMS)),
                    updated_at = \(stamp) WHERE id = \(profile.id.rawValue) AND practice_id = \(practice)
                """, logger: logger)
            result.clientID = profile.id
        case nil:
            break
        }

        switch batch.conversation {
        case .create(let c):
            let client = result.clientID?.rawValue ?? c.clientID?.rawValue
            let created = c.createdAt.timeIntervalSince1970
            let id = try await connection.query("""
                INSERT INTO conversation (practice_id, phone, client_id, title, channel, active, created_at, ended_at,
                    after_hours_replied_for, override_until, bot_json, last_activity_at)
                VALUES (\(practice), \(phone), \(client), \(c.title), \(c.channel.rawValue), \(flag(c.isActive)), \(created),
                    \(c.endedAt?.timeIntervalSince1970), \(c.afterHoursRepliedFor?.timeIntervalSince1970),
                    \(c.afterHoursOverrideUntil?.timeIntervalSince1970), \(encoded.botJSON), \(created))
                RETURNING id
                """, logger: logger).single(Int64.self)
            result.conversationID = ConversationID(id)
        case .update(let c):
            let client = result.clientID?.rawValue ?? c.clientID?.rawValue
            try await connection.query("""
                UPDATE conversation SET client_id = \(client), title = \(c.title), channel = \(c.channel.rawValue),
                    active = \(flag(c.isActive)), ended_at = \(c.endedAt?.timeIntervalSince1970),
                    after_hours_replied_for = \(c.afterHoursRepliedFor?.timeIntervalSince1970),
                    override_until = \(c.afterHoursOverrideUntil?.timeIntervalSince1970), bot_json = \(encoded.botJSON)
                WHERE id = \(c.id.rawValue) AND practice_id = \(practice)
                """, logger: logger)
            result.conversationID = c.id
        case .attach(let id):
            result.conversationID = id
        case nil:
            break
        }

        var newest: (id: MessageID, at: Date)?
        var staffReply: MessageID?
        for (index, message) in batch.messages.enumerated() {
            let conversation = message.inConversation ? result.conversationID : nil
            let id = try await insertMessage(connection, message, practice: batch.practiceID, conversation: conversation,
                                             phone: batch.phone, practiceNumber: message.sendFrom,
                                             media: encoded.mediaJSON[index], logger: logger)
            result.messageIDs.append(id)
            if conversation != nil {
                newest = (id, message.createdAt)
                if case .staff = message.author { staffReply = id }
            }
            if message.isReminder {
                let reminder = try await connection.query("""
                    INSERT INTO reminder (practice_id, phone, body, sent_at, message_id)
                    VALUES (\(practice), \(phone), \(message.body), \(message.createdAt.timeIntervalSince1970), \(id.rawValue))
                    RETURNING id
                    """, logger: logger).single(Int64.self)
                result.reminders.append(SentReminder(id: reminder, body: message.body, sentAt: message.createdAt))
            }
        }

        if let newest, let conversation = result.conversationID {
            // The conversation list's columns (issue 12): the newest message and its time, and
            // the read mark, which a staff message moves to itself (never backwards).
            try await connection.query("""
                UPDATE conversation SET last_message_id = \(newest.id.rawValue),
                    last_activity_at = \(newest.at.timeIntervalSince1970),
                    staff_read_through = GREATEST(staff_read_through, \(staffReply?.rawValue ?? 0))
                WHERE id = \(conversation.rawValue)
                """, logger: logger)
        }

        if let s = batch.subscriptions {
            try await connection.query("""
                INSERT INTO subscription (practice_id, phone, two_way, reminders, two_way_opted_out_at)
                VALUES (\(practice), \(phone), \(flag(s.twoWay)), \(flag(s.reminders)), \(s.twoWayOptedOutAt?.timeIntervalSince1970))
                ON CONFLICT (practice_id, phone) DO UPDATE SET two_way = excluded.two_way, reminders = excluded.reminders,
                    two_way_opted_out_at = excluded.two_way_opted_out_at
                """, logger: logger)
        }
        for change in batch.subscriptionChanges {
            try await connection.query("""
                INSERT INTO subscription_change (practice_id, phone, kind, subscribed, actor, method, at, account_id)
                VALUES (\(practice), \(phone), \(change.kind.rawValue), \(flag(change.subscribed)), \(change.actor),
                    \(change.method), \(change.at.timeIntervalSince1970), \(change.accountID))
                """, logger: logger)
        }
        if let nudge = batch.appNudge {
            try await writeAppNudge(connection, nudge, message: result.messageIDs.first, logger: logger)
        }
        let wroteEvents = try await PostgresEventWriter.record(connection, batch: batch, result: result, now: now, logger: logger)
        return (result, wroteEvents)
    }

    /// Moves the number's session version on by one if it is still `expected` (a number never
    /// committed for is at 0); nil when another daemon moved it first. The row stays locked
    /// until the transaction ends, so batches for one number commit one at a time.
    private static func moveVersion(_ connection: PostgresConnection, batch: SessionBatch, expected: Int64, logger: Logger)
        async throws -> Int64? {
        let p = batch.practiceID.rawValue
        let phone = batch.phone.e164
        let query: PostgresQuery
        if expected == 0 {
            query = """
                INSERT INTO phone_session (practice_id, phone, version) VALUES (\(p), \(phone), 1)
                ON CONFLICT (practice_id, phone) DO UPDATE SET version = phone_session.version + 1
                    WHERE phone_session.version = 0
                RETURNING version
                """
        } else {
            query = """
                UPDATE phone_session SET version = version + 1
                WHERE practice_id = \(p) AND phone = \(phone) AND version = \(expected) RETURNING version
                """
        }
        var moved: Int64?
        for try await version in try await connection.query(query, logger: logger).decode(Int64.self) { moved = version }
        return moved
    }

    static func inboundExists(_ connection: PostgresConnection, sid: String, logger: Logger) async throws -> Bool {
        try await connection.query("SELECT EXISTS (SELECT 1 FROM message WHERE inbound_sid = \(sid))", logger: logger)
            .single(Bool.self)
    }

    /// Inserts a message, its media rows and, for an outbound text with a sender, its outbox row.
    /// An inbound carrier id already stored (a retry another daemon stored meanwhile) throws
    /// ``DuplicateBatch`` (R6): the unique index decides, so the text is stored once.
    static func insertMessage(
        _ connection: PostgresConnection, _ m: MessageDraft, practice: PracticeID?, conversation: ConversationID?,
        phone: PhoneNumber, practiceNumber: PhoneNumber?, media: String?, logger: Logger
    ) async throws -> MessageID {
        let queuesForCarrier = m.direction == .outbound && m.channel == .text && m.sendFrom != nil
        let created = m.createdAt.timeIntervalSince1970
        let rows = try await connection.query("""
            INSERT INTO message (practice_id, conversation_id, phone, practice_number, direction, channel, author,
                client_name, body, inbound_sid, routed, reminder_id, reminder_body, reminder_sent_at, media_json,
                delivery_state, created_at, account_id)
            VALUES (\(practice?.rawValue), \(conversation?.rawValue), \(phone.e164), \(practiceNumber?.e164),
                \(m.direction.rawValue), \(m.channel.rawValue), \(m.author.description), \(m.clientName), \(m.body),
                \(m.direction == .inbound ? m.carrierSID : nil), \(flag(m.routed)), \(m.reminderContext?.id),
                \(m.reminderContext?.body), \(m.reminderContext?.sentAt.timeIntervalSince1970), \(media),
                \(queuesForCarrier ? DeliveryState.queued.rawValue : nil), \(created), \(m.accountID))
            ON CONFLICT (inbound_sid) WHERE inbound_sid IS NOT NULL DO NOTHING
            RETURNING id
            """, logger: logger).collect()
        guard let row = rows.first else { throw DuplicateBatch() }
        let id = try row.decode(Int64.self)
        try await insertMedia(connection, m, messageID: id, practice: practice, logger: logger)
        if queuesForCarrier, let from = m.sendFrom, let practice {
            try await connection.query("""
                INSERT INTO outbox (message_id, practice_id, from_number, to_number, body, media_json, state,
                    next_attempt_at, compliance, created_at)
                VALUES (\(id), \(practice.rawValue), \(from.e164), \(phone.e164), \(m.body), \(media), 'pending',
                    \(created), \(flag(m.compliance)), \(created))
                """, logger: logger)
        }
        return MessageID(id)
    }

    /// Records the decision on an unread app stretch (P3) with the batch's text. A decision
    /// another daemon recorded meanwhile for a stretch the client has not read past rolls the
    /// whole batch back (``AppNudgeAlreadyDecided``), as the SQLite store does.
    private static func writeAppNudge(_ connection: PostgresConnection, _ nudge: AppNudgeMark, message: MessageID?,
                                      logger: Logger) async throws {
        let conversation = nudge.conversationID.rawValue
        let decided = try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM app_nudge n JOIN conversation c ON c.id = n.conversation_id
                WHERE n.conversation_id = \(conversation) AND n.through_message_id > c.client_read_through)
            """, logger: logger).single(Bool.self)
        if decided { throw AppNudgeAlreadyDecided() }
        try await connection.query("""
            INSERT INTO app_nudge (conversation_id, through_message_id, skipped, message_id, at)
            VALUES (\(conversation), \(nudge.through.rawValue), \(nudge.skipped?.rawValue),
                \(nudge.skipped == nil ? message?.rawValue : nil), \(nudge.at.timeIntervalSince1970))
            ON CONFLICT (conversation_id) DO UPDATE SET through_message_id = excluded.through_message_id,
                skipped = excluded.skipped, message_id = excluded.message_id, at = excluded.at
            """, logger: logger)
    }

    // MARK: - Reading session parts

    /// R3: the PMS directory first, then app accounts, then profiles from the bot or staff.
    static func lookupProfile(_ connection: PostgresConnection, practice: PracticeID, phone: PhoneNumber, logger: Logger)
        async throws -> ClientProfile? {
        let rows = try await connection.query("""
            SELECT c.* FROM client c JOIN client_phone p ON p.client_id = c.id
            WHERE p.practice_id = \(practice.rawValue) AND p.phone = \(phone.e164)
            ORDER BY CASE c.source WHEN 'pms' THEN 0 WHEN 'app' THEN 1 ELSE 2 END, c.updated_at DESC, c.id DESC
            LIMIT 1
            """, logger: logger).collect()
        guard let row = rows.first else { return nil }
        return try await profile(connection, from: row, logger: logger)
    }

    // MARK: - Support

    /// A 0/1 flag column's value.
    static func flag(_ value: Bool) -> Int64 { value ? 1 : 0 }

    /// Runs `body` in a transaction on a pooled connection; an error `body` threw is rethrown
    /// as it is (postgres-nio wraps it), so callers can match ``SessionChanged`` and the like.
    func unwrappingTransaction<Result: Sendable>(
        _ body: (PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, logger) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }

    /// Refuses a message holding U+0000 in any text it stores (PostgreSQL cannot keep it).
    static func refuseNUL(in m: MessageDraft) throws(TextingError) {
        try checkStorable(m.body, m.clientName, m.carrierSID, m.reminderContext?.body)
        for a in m.media { try checkStorable(a.contentType, a.storedPath, a.sourceURL, a.fileName, a.failure) }
    }
}

extension PostgresRowSequence {
    /// The one value of a query that returns one row of one column (`RETURNING id`, `EXISTS`).
    func single<Value: PostgresDecodable>(_ type: Value.Type) async throws -> Value {
        guard let row = try await collect().first else {
            throw TextingError(.init("store.no_row"), "The database returned no row where one was expected.")
        }
        return try row.decode(Value.self)
    }
}
