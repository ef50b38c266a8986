import Foundation
import Routing
import TextingCore
import TextingStore

/// What the pet owner's app may see and do (P1, P2): its own client's conversations, their
/// threads, a message to the practice, the client's read receipts and a live stream of changes
/// to those conversations. The client is the practice's directory client the token names; a
/// conversation is the client's when it carries the client's id or is on one of the client's
/// numbers. Anything else answers exactly like something that does not exist (W2).
extension Operations {
    /// Longest message body the app may send, in characters.
    public static let appMessageLimit = 1600
    /// The app's list: at most this many conversations, newest activity first.
    public static let appConversationLimit = 100

    /// The directory client a verified token names.
    ///
    /// - Throws: `auth.app_token` when the practice's directory has no such client (the token
    ///   is refused like any other bad token) or the practice is not served here.
    public func appProfile(_ client: AppClient) async throws -> ClientProfile {
        guard (try? await router.practice(client.practice)) != nil,
              let profile = try await router.store.directoryClient(practice: client.practice, externalID: client.pmsClientID)
        else {
            throw TextingError(.appToken, "The app token names a client this practice does not know.")
        }
        return profile
    }

    /// The client's conversations, newest activity first (at most ``appConversationLimit``).
    public func appConversations(_ client: AppClient) async throws -> AppConversationList {
        let profile = try await appProfile(client)
        let rows = try await router.store.clientConversations(
            practice: client.practice, client: profile.id, phones: profile.phones, limit: Self.appConversationLimit)
        return AppConversationList(conversations: rows.map { row in
            Self.appConversationInfo(row.summary.conversation, lastActivityAt: row.summary.lastActivityAt,
                                     lastMessage: row.summary.lastMessage, unread: row.unreadByClient)
        })
    }

    /// A page of one of the client's conversations: the newest `limit` messages before `before`
    /// (the newest when nil), oldest first.
    public func appThread(_ client: AppClient, conversation: Int64, before: Int64?, limit: Int) async throws
        -> AppThreadPage {
        let profile = try await appProfile(client)
        let record = try await appConversation(ConversationID(conversation), of: profile)
        let page = try await router.store.messages(conversation: record.id, before: before.map(MessageID.init(_:)), limit: limit)
        let row = try await router.store.clientConversation(record.id, client: profile.id)
        let info = Self.appConversationInfo(
            row?.summary.conversation ?? record, lastActivityAt: row?.summary.lastActivityAt ?? record.createdAt,
            lastMessage: row?.summary.lastMessage, unread: row?.unreadByClient ?? 0)
        return AppThreadPage(conversation: info, messages: page.messages.map { AppMessageInfo($0, conversation: record.id) },
                             olderCursor: page.older.map { String($0.rawValue) })
    }

    /// A message from the client to the practice (P2): through the session of the number of the
    /// client's active conversation, else the client's first number on file, so it joins the
    /// number's one active conversation (R1, S5) or opens one in the app.
    ///
    /// - Throws: `message.invalid` for an empty body, one over ``appMessageLimit`` characters or
    ///   with control characters other than a line break; `app.no_phone` when the directory has
    ///   no number for the client; `app.chat_off` / `app.chat_disabled` when chat in the app is
    ///   off for the practice or the client.
    public func appSend(_ client: AppClient, body: String) async throws -> AppSentInfo {
        let body = try Self.appMessageBody(body)
        let profile = try await appProfile(client)
        let active = try await router.store.clientConversations(
            practice: client.practice, client: profile.id, phones: profile.phones, limit: Self.appConversationLimit)
            .first { $0.summary.conversation.isActive && profile.phones.contains($0.summary.conversation.phone) }
        guard let phone = active?.summary.conversation.phone ?? profile.phones.first else {
            throw TextingError(.appNoPhone,
                               "The practice has no phone number on file for you, so a conversation cannot be started; "
                                   + "please call the practice.")
        }
        let outcome = try await router.receiveFromApp(practice: client.practice, phone: phone, client: profile, body: body)
        guard let conversation = outcome.conversationID, let message = outcome.messageID else {
            throw TextingError(.internalStore, "The message was not stored in a conversation.")
        }
        return AppSentInfo(conversation: conversation.rawValue, message: message.rawValue,
                           replies: outcome.messageIDs.dropFirst().map(\.rawValue))
    }

    /// Marks one of the client's conversations read through the message `through` (never back).
    public func appMarkRead(_ client: AppClient, conversation: Int64, through: Int64) async throws -> AppReadInfo {
        let profile = try await appProfile(client)
        let record = try await appConversation(ConversationID(conversation), of: profile)
        guard let mark = try await router.markReadByClient(
            conversation: record.id, practice: client.practice, through: MessageID(through))
        else {
            throw TextingError(.init("message.not_found"), "Conversation \(conversation) has no message \(through).")
        }
        return AppReadInfo(conversation: conversation, through: mark.through.rawValue, readAt: mark.at, unread: mark.unread)
    }

    /// Follows the changes to the client's conversations (those it has and those opened later),
    /// resuming after `lastEventID` as ``followChanges(_:after:)`` does. The stream gives every
    /// change of the practice; ``AppChangeStream/includes(_:)`` says which the client may see.
    public func followAppChanges(_ client: AppClient, after lastEventID: String?) async throws -> AppChangeStream {
        let profile = try await appProfile(client)
        let position = lastEventID.map { ChangeFeed.Position($0) ?? ChangeFeed.Position(epoch: "", sequence: 0) }
        return AppChangeStream(
            subscription: router.events.subscribe(practice: client.practice, after: position),
            scope: AppConversationScope(profile: profile, store: await router.store))
    }

    // MARK: - Parts

    /// The conversation `id` when it is `profile`'s; otherwise `conversation.not_found`, the
    /// same answer as for one that does not exist (W2).
    func appConversation(_ id: ConversationID, of profile: ClientProfile) async throws -> ConversationRecord {
        guard let record = try await router.store.conversation(id), AppConversationScope.owns(record, profile) else {
            throw TextingError(.init("conversation.not_found"), "There is no conversation \(id).")
        }
        return record
    }

    /// `body` when the app may send it: 1…``appMessageLimit`` characters, no control character
    /// but a line break (a carriage return before one is dropped).
    static func appMessageBody(_ body: String) throws -> String {
        let text = body.replacingOccurrences(of: "\r\n", with: "\n")
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TextingError(.invalidMessage, "The message is empty.")
        }
        if text.count > appMessageLimit {
            throw TextingError(.invalidMessage, "The message is longer than \(appMessageLimit) characters.")
        }
        if text.unicodeScalars.contains(where: { $0 != "\n" && ($0.properties.generalCategory == .control) }) {
            throw TextingError(.invalidMessage, "The message contains control characters; only line breaks are allowed.")
        }
        return text
    }

    static func appConversationInfo(
        _ record: ConversationRecord, lastActivityAt: Date, lastMessage: MessagePreview?, unread: Int
    ) -> AppConversationInfo {
        AppConversationInfo(
            id: record.id.rawValue, title: record.title, channel: record.channel.rawValue, active: record.isActive,
            createdAt: record.createdAt, lastActivityAt: lastActivityAt,
            lastMessage: lastMessage.map { AppMessageInfo($0, conversation: record.id) }, unread: unread,
            readThrough: record.clientReadThrough?.rawValue)
    }
}

extension TextingError.Code {
    /// An app token that is missing, malformed, unsigned, signed with another key, expired, not
    /// yet valid, too long-lived, or naming a client the practice does not know (P1).
    public static let appToken = TextingError.Code("auth.app_token")
    /// The directory has no phone number for the app's client.
    public static let appNoPhone = TextingError.Code("app.no_phone")
    /// A message body the app may not send.
    public static let invalidMessage = TextingError.Code("message.invalid")
    /// Something the store should have done it did not.
    static let internalStore = TextingError.Code("internal.store")
}
