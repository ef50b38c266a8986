import Foundation
import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    public func conversation(_ id: ConversationID) async throws -> ConversationRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM conversation WHERE id = ?", arguments: try .exact([id.rawValue]))
                .map(Self.conversation(from:))
        }
    }

    public func conversations(practice: PracticeID, activeOnly: Bool) async throws -> [ConversationRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM conversation WHERE practice_id = ? \(activeOnly ? "AND active = 1" : "") ORDER BY id
                """, arguments: try .exact([practice.rawValue])).map(Self.conversation(from:))
        }
    }

    public func messages(conversation: ConversationID) async throws -> [MessageRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM message WHERE conversation_id = ? ORDER BY id",
                             arguments: try .exact([conversation.rawValue])).map(Self.message(from:))
        }
    }

    public func messagesOutsideConversations(practice: PracticeID?) async throws -> [MessageRecord] {
        try await pool.read { db in
            if let practice {
                return try Row.fetchAll(db, sql: """
                    SELECT * FROM message WHERE practice_id = ? AND conversation_id IS NULL ORDER BY id
                    """, arguments: try .exact([practice.rawValue])).map(Self.message(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM message WHERE practice_id IS NULL ORDER BY id")
                .map(Self.message(from:))
        }
    }

    public func message(_ id: MessageID) async throws -> MessageRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM message WHERE id = ?", arguments: try .exact([id.rawValue])).map(Self.message(from:))
        }
    }

    public func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions {
        try await pool.read { db in try Self.subscriptions(db, practice: practice, phone: phone) }
    }

    public func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM subscription_change WHERE practice_id = ? AND phone = ? ORDER BY id",
                             arguments: try .exact([practice.rawValue, phone.e164])).map { row in
                let kindText: String = row["kind"]
                guard let kind = SubscriptionKind(rawValue: kindText) else {
                    throw CorruptRow(table: "subscription_change", column: "kind", value: kindText)
                }
                return SubscriptionChange(kind: kind, subscribed: row["subscribed"], actor: row["actor"],
                                          method: row["method"], at: Date(storageValue: row["at"]),
                                          accountID: row["account_id"])
            }
        }
    }

    public func profile(_ id: ClientID) async throws -> ClientProfile? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM client WHERE id = ?", arguments: try .exact([id.rawValue]))
                .map { try Self.profile(db, from: $0) }
        }
    }

    public func directoryHasEmail(practice: PracticeID, email: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM client WHERE practice_id = ? AND source = 'pms' AND email = ? COLLATE NOCASE)
                """, arguments: try .exact([practice.rawValue, email])) ?? false
        }
    }

    public func upsertDirectory(practice: PracticeID, clients: [ClientProfile]) async throws {
        let rows = try clients.map { ($0, try StoredJSON.encode($0.app)) }
        try await committer.write { db in
            let now = Date().storageValue
            for (client, app) in rows {
                try db.execute(sql: """
                    INSERT INTO client (practice_id, source, external_id, first_name, last_name, email, app_json,
                        email_missing_from_pms, created_at, updated_at) VALUES (?, 'pms', ?, ?, ?, ?, ?, 0, ?, ?)
                    ON CONFLICT (practice_id, source, external_id) DO UPDATE SET first_name = excluded.first_name,
                        last_name = excluded.last_name, email = excluded.email, app_json = excluded.app_json,
                        updated_at = excluded.updated_at
                    """, arguments: try .exact([practice.rawValue, client.externalID, client.firstName, client.lastName,
                                     client.email, app, now, now]))
                let id = try Int64.fetchOne(db, sql: """
                    SELECT id FROM client WHERE practice_id = ? AND source = 'pms' AND external_id = ?
                    """, arguments: try .exact([practice.rawValue, client.externalID])) ?? db.lastInsertedRowID
                try db.execute(sql: "DELETE FROM client_phone WHERE client_id = ?", arguments: try .exact([id]))
                for phone in Set(client.phones.map(\.e164)) {
                    try db.execute(sql: "INSERT INTO client_phone (client_id, practice_id, phone) VALUES (?, ?, ?)",
                                   arguments: try .exact([id, practice.rawValue, phone]))
                }
            }
        }
    }

    public func clients(practice: PracticeID, lastName: String) async throws -> [ClientProfile] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.* FROM client c WHERE c.practice_id = ? AND c.last_name = ? COLLATE NOCASE
                    AND EXISTS (SELECT 1 FROM client_phone p WHERE p.client_id = c.id)
                ORDER BY c.first_name COLLATE NOCASE, c.id
                """, arguments: try .exact([practice.rawValue, lastName])).map { try Self.profile(db, from: $0) }
        }
    }

    static func message(from row: Row) throws -> MessageRecord {
        let directionText: String = row["direction"]
        let channelText: String = row["channel"]
        let authorText: String = row["author"]
        let practiceID: Int64? = row["practice_id"]
        let conversationID: Int64? = row["conversation_id"]
        let reminderID: Int64? = row["reminder_id"]
        let reminderBody: String? = row["reminder_body"]
        let reminder: SentReminder? = reminderID.map { id in
            SentReminder(id: id, body: reminderBody ?? "",
                         sentAt: row.date("reminder_sent_at") ?? Date(timeIntervalSince1970: 0))
        }
        let inboundSID: String? = row["inbound_sid"]
        let outboundSID: String? = row["outbound_sid"]
        let state: String? = row["delivery_state"]
        let mediaJSON: String? = row["media_json"]
        let media = try StoredJSON.decode([MediaAttachment].self, mediaJSON) ?? []
        return MessageRecord(
            id: MessageID(row["id"] as Int64), practiceID: practiceID.map { PracticeID($0) },
            conversationID: conversationID.map { ConversationID($0) },
            phone: try row.phone("phone", table: "message"),
            direction: MessageDirection(rawValue: directionText) ?? .inbound,
            channel: Channel(rawValue: channelText) ?? .text,
            author: MessageAuthor(parsing: authorText), clientName: row["client_name"], body: row["body"],
            carrierSID: inboundSID ?? outboundSID, routed: row["routed"], reminderContext: reminder,
            media: media, deliveryState: state.flatMap { DeliveryState(rawValue: $0) }, errorCode: row["error_code"],
            createdAt: Date(storageValue: row["created_at"]), accountID: row["account_id"])
    }
}
