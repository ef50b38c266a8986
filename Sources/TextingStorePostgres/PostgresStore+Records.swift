import Foundation
import Logging
import PostgresNIO
import TextingCore
import TextingStore

/// Records from rows, by column name, mirroring the SQLite store's decoders so both stores read
/// the same values the same way. Each takes a row with every column of its table (`SELECT *`, or
/// `t.*` in a join) plus the extra columns its documentation names.
extension PostgresStore {
    static func message(from row: PostgresRow) throws -> MessageRecord {
        let r = StoredRow(row, table: "message")
        let reminderID = try r.value("reminder_id", as: Int64?.self)
        let reminderBody = try r.value("reminder_body", as: String?.self)
        let reminderSentAt = try r.optionalDate("reminder_sent_at")
        let reminder: SentReminder? = reminderID.map { id in
            SentReminder(id: id, body: reminderBody ?? "", sentAt: reminderSentAt ?? Date(timeIntervalSince1970: 0))
        }
        let inboundSID = try r.value("inbound_sid", as: String?.self)
        let outboundSID = try r.value("outbound_sid", as: String?.self)
        let state = try r.value("delivery_state", as: String?.self)
        return MessageRecord(
            id: MessageID(try r.value("id", as: Int64.self)),
            practiceID: try r.value("practice_id", as: Int64?.self).map { PracticeID($0) },
            conversationID: try r.value("conversation_id", as: Int64?.self).map { ConversationID($0) },
            phone: try r.phone("phone"),
            direction: MessageDirection(rawValue: try r.value("direction", as: String.self)) ?? .inbound,
            channel: Channel(rawValue: try r.value("channel", as: String.self)) ?? .text,
            author: MessageAuthor(parsing: try r.value("author", as: String.self)),
            clientName: try r.value("client_name"), body: try r.value("body"),
            carrierSID: inboundSID ?? outboundSID, routed: try r.flag("routed"), reminderContext: reminder,
            media: try r.json([MediaAttachment].self, "media_json") ?? [],
            deliveryState: state.flatMap { DeliveryState(rawValue: $0) }, errorCode: try r.value("error_code"),
            createdAt: try r.date("created_at"), accountID: try r.value("account_id"))
    }

    static func conversation(from row: PostgresRow) throws -> ConversationRecord {
        let r = StoredRow(row, table: "conversation")
        let clientReadThrough = try r.value("client_read_through", as: Int64?.self)
        return ConversationRecord(
            id: ConversationID(try r.value("id", as: Int64.self)),
            practiceID: PracticeID(try r.value("practice_id", as: Int64.self)),
            phone: try r.phone("phone"),
            clientID: try r.value("client_id", as: Int64?.self).map { ClientID($0) }, title: try r.value("title"),
            channel: Channel(rawValue: try r.value("channel", as: String.self)) ?? .text, isActive: try r.flag("active"),
            createdAt: try r.date("created_at"), endedAt: try r.optionalDate("ended_at"),
            afterHoursRepliedFor: try r.optionalDate("after_hours_replied_for"),
            afterHoursOverrideUntil: try r.optionalDate("override_until"),
            bot: try r.json(ProfileCollection.self, "bot_json"),
            clientReadThrough: clientReadThrough.flatMap { $0 > 0 ? MessageID($0) : nil },
            clientReadAt: try r.optionalDate("client_read_at"))
    }

    static func practice(from row: PostgresRow) throws -> Practice {
        let r = StoredRow(row, table: "practice")
        let zoneID = try r.value("time_zone", as: String.self)
        guard let zone = TimeZone(identifier: zoneID) else {
            throw CorruptRow(table: "practice", column: "time_zone", value: zoneID)
        }
        let country = try r.enumeration(PhoneCountry.self, "country")
        let number = try r.value("texting_number", as: String?.self).flatMap(PhoneNumber.init(e164:))
        let state = try r.value("number_state", as: String.self)
        let textingNumber: TextingNumber = switch (state, number) {
        case ("assigned", let n?): .assigned(n)
        case ("ported", let n?): .ported(n)
        case ("port_requested", let n?): .portRequested(n, carrier: try r.value("port_carrier", as: String?.self) ?? "")
        default: .none
        }
        return Practice(
            id: PracticeID(try r.value("id", as: Int64.self)), name: try r.value("name"), country: country, timeZone: zone,
            practicePhone: try r.phone("practice_phone"), emergencyPhone: try r.phone("emergency_phone"),
            appChatEnabled: try r.flag("app_chat_enabled"), textingEnabled: try r.flag("texting_enabled"),
            number: textingNumber, hours: try r.json(ConversationHours.self, "hours_json"))
    }

    /// The select list for ``profile(from:)`` over `client c`: every column and the client's
    /// numbers in order as the array `phones`.
    static let profileColumns = """
        c.*, ARRAY(SELECT p.phone FROM client_phone p WHERE p.client_id = c.id ORDER BY p.phone COLLATE "C") AS phones
        """

    /// A profile from a row of ``profileColumns``.
    static func profile(from row: PostgresRow) throws -> ClientProfile {
        let phones = try StoredRow(row, table: "client").value("phones", as: [String].self)
        return try profile(from: row, phones: phones.compactMap(PhoneNumber.init(e164:)))
    }

    /// A profile from a row of `client` (`c.*`), reading its numbers on `connection` when the
    /// row has no `phones` column.
    static func profile(_ connection: PostgresConnection, from row: PostgresRow, logger: Logger) async throws -> ClientProfile {
        let r = StoredRow(row, table: "client")
        if r.has("phones") { return try profile(from: row) }
        let id = try r.value("id", as: Int64.self)
        var phones: [PhoneNumber] = []
        let rows = try await connection.query(
            "SELECT phone FROM client_phone WHERE client_id = \(id) ORDER BY phone COLLATE \"C\"", logger: logger)
        for try await (phone) in rows.decode(String.self) {
            if let number = PhoneNumber(e164: phone) { phones.append(number) }
        }
        return try profile(from: row, phones: phones)
    }

    private static func profile(from row: PostgresRow, phones: [PhoneNumber]) throws -> ClientProfile {
        let r = StoredRow(row, table: "client")
        return ClientProfile(
            id: ClientID(try r.value("id", as: Int64.self)), practiceID: PracticeID(try r.value("practice_id", as: Int64.self)),
            source: try r.enumeration(ProfileSource.self, "source"),
            externalID: try r.value("external_id"), firstName: try r.value("first_name"), lastName: try r.value("last_name"),
            email: try r.value("email"), phones: phones, app: try r.json(AppAccount.self, "app_json"),
            emailMissingFromPMS: try r.flag("email_missing_from_pms"))
    }

    /// A number's subscriptions from a row of `subscription`.
    static func subscriptions(from row: PostgresRow) throws -> Subscriptions {
        let r = StoredRow(row, table: "subscription")
        return Subscriptions(twoWay: try r.flag("two_way"), reminders: try r.flag("reminders"),
                             twoWayOptedOutAt: try r.optionalDate("two_way_opted_out_at"))
    }

    static func mediaRecord(from row: PostgresRow) throws -> MediaRecord {
        let r = StoredRow(row, table: "media")
        let id = try r.value("id", as: String.self)
        return MediaRecord(
            id: id, messageID: MessageID(try r.value("message_id", as: Int64.self)),
            practiceID: try r.value("practice_id", as: Int64?.self).map { PracticeID($0) },
            direction: try r.enumeration(MessageDirection.self, "direction"),
            attachment: MediaAttachment(
                contentType: try r.value("content_type"), storedPath: try r.value("stored_path"),
                sourceURL: try r.value("source_url"), fileName: try r.value("file_name"), id: id,
                state: try r.enumeration(MediaState.self, "state"), failure: try r.value("failure"),
                byteCount: try r.value("byte_count")),
            attempts: try r.value("attempts"), nextAttemptAt: try r.optionalDate("next_attempt_at"),
            createdAt: try r.date("created_at"))
    }

    static func outboxItem(from row: PostgresRow) throws -> OutboxItem {
        let r = StoredRow(row, table: "outbox")
        return OutboxItem(
            id: try r.value("id"), messageID: MessageID(try r.value("message_id", as: Int64.self)),
            practiceID: PracticeID(try r.value("practice_id", as: Int64.self)),
            from: try r.phone("from_number"), to: try r.phone("to_number"), body: try r.value("body"),
            media: try r.json([MediaAttachment].self, "media_json") ?? [], attempts: try r.value("attempts"),
            compliance: try r.flag("compliance"), createdAt: try r.date("created_at"))
    }

    static func staffAccount(from row: PostgresRow) throws -> StaffAccountRecord {
        let r = StoredRow(row, table: "staff_account")
        return StaffAccountRecord(
            id: try r.value("id"), practice: PracticeID(try r.value("practice_id", as: Int64.self)),
            login: try r.value("login"), displayName: try r.value("display_name"),
            role: try r.enumeration(StaffAccountRecord.Role.self, "role"), passwordHash: try r.value("password_hash"),
            disabled: try r.flag("disabled"), createdAt: try r.date("created_at"), changedAt: try r.date("changed_at"))
    }

    static func staffSession(from row: PostgresRow) throws -> StaffAccountSessionRecord {
        let r = StoredRow(row, table: "staff_session")
        return StaffAccountSessionRecord(
            tokenHash: try r.value("token_hash"), accountID: try r.value("account_id"), csrfToken: try r.value("csrf_token"),
            createdAt: try r.date("created_at"), lastUsedAt: try r.date("last_used_at"), expiresAt: try r.date("expires_at"))
    }

    static func eventEndpoint(from row: PostgresRow) throws -> EventEndpointRecord {
        let r = StoredRow(row, table: "webhook_endpoint")
        return EventEndpointRecord(
            id: try r.value("id"), practiceID: PracticeID(try r.value("practice_id", as: Int64.self)), url: try r.value("url"),
            eventTypes: try r.json([String].self, "event_types_json").map { Set($0.compactMap(EventType.init(rawValue:))) },
            secret: try r.value("secret"), secretCredential: try r.value("secret_credential"),
            source: try r.enumeration(EventEndpointRecord.Source.self, "source"), createdAt: try r.date("created_at"))
    }

    static func eventDelivery(from row: PostgresRow) throws -> EventDeliveryRecord {
        let r = StoredRow(row, table: "event_delivery")
        return EventDeliveryRecord(
            id: try r.value("id"), eventID: try r.value("event_id"), endpointID: try r.value("endpoint_id"),
            practiceID: PracticeID(try r.value("practice_id", as: Int64.self)),
            type: try r.enumeration(EventType.self, "type"), orderingKey: try r.value("ordering_key"),
            state: try r.enumeration(EventDeliveryRecord.State.self, "state"), attempts: try r.value("attempts"),
            createdAt: try r.date("created_at"), firstAttemptAt: try r.optionalDate("first_attempt_at"),
            nextAttemptAt: try r.date("next_attempt_at"), deliveredAt: try r.optionalDate("delivered_at"),
            lastStatus: try r.value("last_status"), lastError: try r.value("last_error"))
    }

    static func scheduledReminder(from row: PostgresRow) throws -> ScheduledReminder {
        let r = StoredRow(row, table: "reminder_request")
        return ScheduledReminder(
            id: try r.value("id"), practiceID: PracticeID(rawValue: try r.value("practice_id", as: Int64.self)),
            key: try r.value("idempotency_key"), fingerprint: try r.value("fingerprint"), phone: try r.phone("phone"),
            body: try r.value("body"), kind: try r.value("kind"), pmsClientID: try r.value("pms_client_id"),
            requestedAt: try r.date("requested_at"), sendAt: try r.date("send_at"), timeZone: try r.value("time_zone"),
            state: try r.enumeration(ScheduledReminder.State.self, "state"),
            claimedUntil: try r.optionalDate("claimed_until"), claimedAt: try r.optionalDate("claimed_at"),
            messageID: try r.value("message_id", as: Int64?.self).map(MessageID.init(rawValue:)),
            refusalCode: try r.value("refusal_code"), refusalMessage: try r.value("refusal_message"))
    }

    /// An inbox line from a row of `conversation` (`c.*`) with the columns the SQLite store's
    /// inbox query adds: `inbox_first_name`, `inbox_last_name`, `inbox_unread`, and `last_id`,
    /// `last_direction`, `last_channel`, `last_author`, `last_body`, `last_delivery_state`,
    /// `last_error_code`, `last_created_at` of the newest message (NULL without one).
    static func summary(from row: PostgresRow) throws -> ConversationSummary {
        let record = try conversation(from: row)
        let r = StoredRow(row, table: "conversation")
        let name = [try r.value("inbox_first_name", as: String?.self), try r.value("inbox_last_name", as: String?.self)]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        var last: MessagePreview?
        if let id = try r.value("last_id", as: Int64?.self) {
            let state = try r.value("last_delivery_state", as: String?.self)
            last = MessagePreview(
                id: MessageID(id), direction: MessageDirection(rawValue: try r.value("last_direction", as: String.self)) ?? .inbound,
                channel: Channel(rawValue: try r.value("last_channel", as: String.self)) ?? .text,
                author: MessageAuthor(parsing: try r.value("last_author", as: String.self)),
                body: try r.value("last_body"), deliveryState: state.flatMap { DeliveryState(rawValue: $0) },
                errorCode: try r.value("last_error_code"), createdAt: try r.date("last_created_at"))
        }
        let mark = try r.value("staff_read_through", as: Int64.self)
        return ConversationSummary(
            conversation: record, clientName: name.isEmpty ? nil : name, lastMessage: last,
            lastActivityAt: try r.date("last_activity_at"), unread: try r.value("inbox_unread"),
            staffReadThrough: mark > 0 ? MessageID(mark) : nil)
    }
}
