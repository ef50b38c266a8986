import Foundation
import GRDB
import TextingCore
import TextingStore

/// Thrown inside a batch's savepoint when its inbound carrier id is already stored (R6).
private struct DuplicateBatch: Error {}

extension SQLiteStore {
    /// How many of a number's latest inbound carrier ids a session keeps for duplicate checks.
    static let recentSIDCount = 32

    public func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot {
        try await pool.read { db in
            let p = practice.rawValue
            let conversation = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM conversation WHERE practice_id = ? AND phone = ? AND active = 1"),
                arguments: try .exact([p, phone.e164])
            ).map(Self.conversation(from:))
            let subscriptions = try Self.subscriptions(db, practice: practice, phone: phone)
            let profile = try Self.lookupProfile(db, practice: practice, phone: phone)
            let since = now.addingTimeInterval(-ReminderContext.window.inSeconds).storageValue
            let reminders = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, body, sent_at FROM reminder WHERE practice_id = ? AND phone = ? AND sent_at >= ? ORDER BY sent_at"),
                arguments: try .exact([p, phone.e164, since])
            ).map { SentReminder(id: $0["id"], body: $0["body"], sentAt: Date(storageValue: $0["sent_at"])) }
            let sids = try String.fetchAll(
                db.cachedStatement(sql: """
                    SELECT inbound_sid FROM message WHERE practice_id = ? AND phone = ? AND inbound_sid IS NOT NULL
                    ORDER BY id DESC LIMIT \(Self.recentSIDCount)
                    """),
                arguments: try .exact([p, phone.e164]))
            return SessionSnapshot(activeConversation: conversation, subscriptions: subscriptions, profile: profile,
                                   recentReminders: reminders, recentInboundSIDs: sids.reversed())
        }
    }

    public func commit(_ batch: SessionBatch) async throws -> SessionCommit {
        let encoded = try EncodedSessionBatch(batch)
        do {
            return try await committer.write { db in try Self.apply(encoded, db) }
        } catch is DuplicateBatch {
            return SessionCommit(duplicate: true)
        }
    }

    public func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool {
        let message = message.identifyingMedia()  // media rows need their ids before the transaction
        let media = try StoredJSON.encode(message.media.isEmpty ? nil : message.media)
        do {
            try await committer.write { db in
                if let sid = message.carrierSID, try Self.inboundExists(db, sid: sid) { throw DuplicateBatch() }
                _ = try Self.insertMessage(db, message, practice: nil, conversation: nil, phone: phone,
                                           practiceNumber: practiceNumber, media: media)
            }
            return true
        } catch is DuplicateBatch {
            return false
        }
    }

    // MARK: - Writing a batch

    static func inboundExists(_ db: Database, sid: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM message WHERE inbound_sid = ?)"), arguments: try .exact([sid])) ?? false
    }

    static func apply(_ encoded: EncodedSessionBatch, _ db: Database) throws -> SessionCommit {
        let batch = encoded.batch
        let practice = batch.practiceID.rawValue
        let phone = batch.phone.e164
        for message in batch.messages where message.direction == .inbound {
            if let sid = message.carrierSID, try inboundExists(db, sid: sid) { throw DuplicateBatch() }
        }
        let now = Date().storageValue
        var result = SessionCommit()

        switch batch.profile {
        case .create(let profile):
            try db.executeCached(sql: """
                INSERT INTO client (practice_id, source, external_id, first_name, last_name, email, app_json,
                    email_missing_from_pms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: try .exact([practice, profile.source.rawValue, profile.externalID, profile.firstName, profile.lastName,
                                 profile.email, encoded.appJSON, profile.emailMissingFromPMS, now, now]))
            let id = db.lastInsertedRowID
            for number in Set(profile.phones.map(\.e164) + [phone]) {
                try db.executeCached(sql: "INSERT OR IGNORE INTO client_phone (client_id, practice_id, phone) VALUES (?, ?, ?)",
                               arguments: try .exact([id, practice, number]))
            }
            result.clientID = ClientID(id)
        case .update(let profile):
            try db.executeCached(sql: """
                UPDATE client SET first_name = ?, last_name = ?, email = ?, app_json = ?, email_missing_from_pms = ?,
                    updated_at = ? WHERE id = ? AND practice_id = ?
                """, arguments: try .exact([profile.firstName, profile.lastName, profile.email, encoded.appJSON,
                                 profile.emailMissingFromPMS, now, profile.id.rawValue, practice]))
            result.clientID = profile.id
        case nil:
            break
        }

        switch batch.conversation {
        case .create(let c):
            try db.executeCached(sql: """
                INSERT INTO conversation (practice_id, phone, client_id, title, channel, active, created_at, ended_at,
                    after_hours_replied_for, override_until, bot_json, last_activity_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: try .exact([practice, phone, result.clientID?.rawValue ?? c.clientID?.rawValue, c.title,
                                 c.channel.rawValue, c.isActive, c.createdAt.storageValue, c.endedAt?.storageValue,
                                 c.afterHoursRepliedFor?.storageValue, c.afterHoursOverrideUntil?.storageValue,
                                 encoded.botJSON, c.createdAt.storageValue]))
            result.conversationID = ConversationID(db.lastInsertedRowID)
        case .update(let c):
            try db.executeCached(sql: """
                UPDATE conversation SET client_id = ?, title = ?, channel = ?, active = ?, ended_at = ?,
                    after_hours_replied_for = ?, override_until = ?, bot_json = ? WHERE id = ? AND practice_id = ?
                """, arguments: try .exact([result.clientID?.rawValue ?? c.clientID?.rawValue, c.title, c.channel.rawValue, c.isActive,
                                 c.endedAt?.storageValue, c.afterHoursRepliedFor?.storageValue,
                                 c.afterHoursOverrideUntil?.storageValue, encoded.botJSON, c.id.rawValue, practice]))
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
            let id = try insertMessage(db, message, practice: batch.practiceID, conversation: conversation,
                                       phone: batch.phone, practiceNumber: message.sendFrom, media: encoded.mediaJSON[index])
            result.messageIDs.append(id)
            if conversation != nil {
                newest = (id, message.createdAt)
                if case .staff = message.author { staffReply = id }
            }
            if message.isReminder {
                try db.executeCached(sql: "INSERT INTO reminder (practice_id, phone, body, sent_at, message_id) VALUES (?, ?, ?, ?, ?)",
                               arguments: try .exact([practice, phone, message.body, message.createdAt.storageValue, id.rawValue]))
                result.reminders.append(SentReminder(id: db.lastInsertedRowID, body: message.body, sentAt: message.createdAt))
            }
        }

        if let newest, let conversation = result.conversationID {
            try recordActivity(db, conversation: conversation, newest: newest.id, at: newest.at, staffReply: staffReply)
        }

        if let s = batch.subscriptions {
            try db.executeCached(sql: """
                INSERT INTO subscription (practice_id, phone, two_way, reminders, two_way_opted_out_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (practice_id, phone) DO UPDATE SET two_way = excluded.two_way, reminders = excluded.reminders,
                    two_way_opted_out_at = excluded.two_way_opted_out_at
                """, arguments: try .exact([practice, phone, s.twoWay, s.reminders, s.twoWayOptedOutAt?.storageValue]))
        }
        for change in batch.subscriptionChanges {
            try db.executeCached(sql: """
                INSERT INTO subscription_change (practice_id, phone, kind, subscribed, actor, method, at, account_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: try .exact([practice, phone, change.kind.rawValue, change.subscribed, change.actor, change.method,
                                 change.at.storageValue, change.accountID]))
        }
        if let nudge = batch.appNudge { try recordAppNudge(db, nudge, message: result.messageIDs.first) }
        try EventOutboxWriter.record(db, batch: batch, result: result)
        return result
    }

    /// The conversation list's columns (issue 12): the newest message and its time, and the read
    /// mark, which a staff message moves to itself (a reply means the desk has read what came
    /// before; never backwards).
    static func recordActivity(
        _ db: Database, conversation: ConversationID, newest: MessageID, at: Date, staffReply: MessageID?
    ) throws {
        try db.executeCached(sql: """
            UPDATE conversation SET last_message_id = ?, last_activity_at = ?,
                staff_read_through = MAX(staff_read_through, ?) WHERE id = ?
            """, arguments: try .exact([newest.rawValue, at.storageValue, staffReply?.rawValue ?? 0, conversation.rawValue]))
    }

    static func insertMessage(
        _ db: Database, _ m: MessageDraft, practice: PracticeID?, conversation: ConversationID?, phone: PhoneNumber,
        practiceNumber: PhoneNumber?, media: String?
    ) throws -> MessageID {
        let queuesForCarrier = m.direction == .outbound && m.channel == .text && m.sendFrom != nil
        try db.executeCached(sql: """
            INSERT INTO message (practice_id, conversation_id, phone, practice_number, direction, channel, author,
                client_name, body, inbound_sid, routed, reminder_id, reminder_body, reminder_sent_at, media_json,
                delivery_state, created_at, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: try .exact([practice?.rawValue, conversation?.rawValue, phone.e164, practiceNumber?.e164,
                             m.direction.rawValue, m.channel.rawValue, m.author.description, m.clientName, m.body,
                             m.direction == .inbound ? m.carrierSID : nil, m.routed, m.reminderContext?.id,
                             m.reminderContext?.body, m.reminderContext?.sentAt.storageValue, media,
                             queuesForCarrier ? DeliveryState.queued.rawValue : nil, m.createdAt.storageValue,
                             m.accountID]))
        let id = db.lastInsertedRowID
        try insertMedia(db, m, messageID: id, practice: practice)
        if queuesForCarrier, let from = m.sendFrom, let practice {
            try db.executeCached(sql: """
                INSERT INTO outbox (message_id, practice_id, from_number, to_number, body, media_json, state,
                    next_attempt_at, compliance, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """, arguments: try .exact([id, practice.rawValue, from.e164, phone.e164, m.body, media,
                                 m.createdAt.storageValue, m.compliance, m.createdAt.storageValue]))
        }
        return MessageID(id)
    }

    // MARK: - Reading session parts

    static func subscriptions(_ db: Database, practice: PracticeID, phone: PhoneNumber) throws -> Subscriptions {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM subscription WHERE practice_id = ? AND phone = ?"),
            arguments: try .exact([practice.rawValue, phone.e164]))
        else { return Subscriptions() }
        return Subscriptions(twoWay: row["two_way"], reminders: row["reminders"],
                             twoWayOptedOutAt: row.date("two_way_opted_out_at"))
    }

    /// R3: the PMS directory first, then app accounts, then profiles from the bot or staff.
    static func lookupProfile(_ db: Database, practice: PracticeID, phone: PhoneNumber) throws -> ClientProfile? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.* FROM client c JOIN client_phone p ON p.client_id = c.id
            WHERE p.practice_id = ? AND p.phone = ?
            ORDER BY CASE c.source WHEN 'pms' THEN 0 WHEN 'app' THEN 1 ELSE 2 END, c.updated_at DESC, c.id DESC
            LIMIT 1
            """), arguments: try .exact([practice.rawValue, phone.e164]))
        else { return nil }
        return try profile(db, from: row)
    }

    static func profile(_ db: Database, from row: Row) throws -> ClientProfile {
        let id: Int64 = row["id"]
        let phones = try String.fetchAll(
            db.cachedStatement(sql: "SELECT phone FROM client_phone WHERE client_id = ? ORDER BY phone"), arguments: try .exact([id])).compactMap(PhoneNumber.init(e164:))
        let sourceText: String = row["source"]
        guard let source = ProfileSource(rawValue: sourceText) else {
            throw CorruptRow(table: "client", column: "source", value: sourceText)
        }
        return ClientProfile(
            id: ClientID(id), practiceID: PracticeID(row["practice_id"]), source: source,
            externalID: row["external_id"], firstName: row["first_name"], lastName: row["last_name"],
            email: row["email"], phones: phones, app: try StoredJSON.decode(AppAccount.self, row["app_json"]),
            emailMissingFromPMS: row["email_missing_from_pms"])
    }

    static func conversation(from row: Row) throws -> ConversationRecord {
        let channelText: String = row["channel"]
        return ConversationRecord(
            id: ConversationID(row["id"]), practiceID: PracticeID(row["practice_id"]),
            phone: try row.phone("phone", table: "conversation"),
            clientID: (row["client_id"] as Int64?).map { ClientID($0) }, title: row["title"],
            channel: Channel(rawValue: channelText) ?? .text, isActive: row["active"],
            createdAt: Date(storageValue: row["created_at"]), endedAt: row.date("ended_at"),
            afterHoursRepliedFor: row.date("after_hours_replied_for"),
            afterHoursOverrideUntil: row.date("override_until"),
            bot: try StoredJSON.decode(ProfileCollection.self, row["bot_json"]),
            clientReadThrough: (row["client_read_through"] as Int64?).flatMap { $0 > 0 ? MessageID($0) : nil },
            clientReadAt: row.date("client_read_at"))
    }
}
