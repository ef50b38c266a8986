import Foundation
import TextingCore
import TextingStore

/// Staff and admin actions, addressed by practice and number or conversation id. Each is
/// carried out by the number's phone session, in order with the texts from that number.
extension Router {
    /// S1–S7: starts a conversation with `phone`, optionally with a first message. `typedName`
    /// creates the profile when the number is unknown (S4). Each of `attachments` is queued as
    /// its own link message after the first message (R5).
    public func startConversation(
        practice id: PracticeID, phone: PhoneNumber, title: String, firstMessage: String?,
        attachments: [StaffAttachment] = [], staff: String, accountID: Int64? = nil,
        typedName: (first: String, last: String)? = nil, confirmWarnings: Bool = false
    ) async throws -> StaffResult {
        let practice = try self.practice(id)
        let configuration = self.configuration
        let now = clock()
        let result = try await withSession(id, phone) { session in
            try await session.startConversation(
                title: title, firstMessage: firstMessage, attachments: attachments, staff: staff, accountID: accountID,
                typedName: typedName,
                confirmWarnings: confirmWarnings, practice: practice, configuration: configuration, now: now)
        }
        if firstMessage != nil || !attachments.isEmpty { notifyOutbox() }
        return result
    }

    /// A2, A4, S6, S7: a staff message in an active conversation. Each of `attachments` is
    /// queued as its own link message after `body` (R5); an empty `body` with attachments sends
    /// the links only.
    public func reply(
        conversation id: ConversationID, body: String, media: [MediaAttachment] = [],
        attachments: [StaffAttachment] = [], staff: String, accountID: Int64? = nil, confirmWarnings: Bool = false
    ) async throws -> StaffResult {
        let conversation = try await activeConversation(id)
        let practice = try self.practice(conversation.practiceID)
        let configuration = self.configuration
        let now = clock()
        let result = try await withSession(conversation.practiceID, conversation.phone) { session in
            try await session.reply(conversation: id, body: body, media: media, attachments: attachments, staff: staff,
                                    accountID: accountID, confirmWarnings: confirmWarnings, practice: practice,
                                    configuration: configuration, now: now)
        }
        notifyOutbox()
        return result
    }

    /// C1: ends a conversation.
    public func endConversation(_ id: ConversationID) async throws {
        let conversation = try await activeConversation(id)
        let now = clock()
        try await withSession(conversation.practiceID, conversation.phone) { session in
            try await session.end(conversation: id, now: now)
        }
    }

    /// O1: opts the conversation's number out of 2-way texting (not of reminders).
    public func optOut(conversation id: ConversationID, staff: String, accountID: Int64? = nil) async throws {
        let conversation = try await activeConversation(id)
        let now = clock()
        try await withSession(conversation.practiceID, conversation.phone) { session in
            try await session.optOut(conversation: id, staff: staff, accountID: accountID, now: now)
        }
    }

    /// O4: sets one subscription (or both when `kind` is nil) and records who did it.
    public func setSubscription(
        practice id: PracticeID, phone: PhoneNumber, kind: SubscriptionKind?, subscribed: Bool, staff: String,
        accountID: Int64? = nil
    ) async throws -> Subscriptions {
        _ = try practice(id)
        let now = clock()
        return try await withSession(id, phone) { session in
            try await session.setSubscription(kind, subscribed: subscribed, actor: "staff:\(staff)",
                                              method: "subscription settings", accountID: accountID, now: now)
        }
    }

    /// O5: the carrier refused a send with 21610; the number is opted out of both.
    public func carrierBlocked(practice id: PracticeID, phone: PhoneNumber) async throws {
        let now = clock()
        _ = try await withSession(id, phone) { session in
            try await session.setSubscription(nil, subscribed: false, actor: "carrier",
                                              method: "carrier error \(CarrierErrorCode.recipientUnsubscribed)", now: now)
        }
    }

    /// C2: edits the profile of `phone`; nil leaves a field, "" clears it.
    public func editProfile(
        practice id: PracticeID, phone: PhoneNumber, firstName: String?, lastName: String?, email: String?
    ) async throws -> ClientProfile {
        _ = try practice(id)
        let now = clock()
        return try await withSession(id, phone) { session in
            try await session.editProfile(firstName: firstName, lastName: lastName, email: email, now: now)
        }
    }

    /// E5: sends a reminder or appointment confirmation; replies within 48 h carry it (A6).
    public func sendReminder(practice id: PracticeID, phone: PhoneNumber, body: String) async throws -> MessageID? {
        let practice = try self.practice(id)
        let now = clock()
        let message = try await withSession(id, phone) { session in
            try await session.sendReminder(body, practice: practice, now: now)
        }
        notifyOutbox()
        return message
    }

    private func activeConversation(_ id: ConversationID) async throws -> ConversationRecord {
        guard let conversation = try await store.conversation(id), conversation.isActive else {
            throw PhoneSession.notActive(id)
        }
        return conversation
    }
}

// MARK: - The staff inbox (issue 12)

extension Router {
    /// A page of the practice's conversation list: active first, newest activity first (see
    /// ``MessageStore/conversationList(practice:activeOnly:after:limit:)``).
    public nonisolated func conversationList(
        practice id: PracticeID, activeOnly: Bool, after: ConversationListCursor?, limit: Int
    ) async throws -> ConversationListPage {
        try await store.conversationList(practice: id, activeOnly: activeOnly, after: after, limit: limit)
    }

    /// A conversation of `practice` and the newest `limit` of its messages before `before`,
    /// oldest first.
    public nonisolated func thread(
        conversation id: ConversationID, practice: PracticeID, before: MessageID?, limit: Int
    ) async throws -> (conversation: ConversationRecord, page: MessagePage) {
        let record = try await conversation(id, practice: practice)
        return (record, try await store.messages(conversation: id, before: before, limit: limit))
    }

    /// Moves the read mark of a conversation of `practice` forward to `through`; nil when
    /// `through` is not one of its messages.
    public nonisolated func markRead(
        conversation id: ConversationID, practice: PracticeID, through: MessageID
    ) async throws -> ReadMark? {
        _ = try await conversation(id, practice: practice)
        let mark = try await store.markRead(conversation: id, through: through)
        if let mark {
            events.publish([Change(.conversationRead, practice: practice, conversation: id, message: mark.through)])
        }
        return mark
    }
}
