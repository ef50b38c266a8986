import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// Conversations: `conversation.list`, `.show`, `.start`, `.reply`, `.end`, `.opt-out`
/// (S1–S7, C1, C3, O1). Everyone of the practice may; a conversation of another practice
/// answers as one that does not exist (W2).
extension Operations {
    /// The practice's active conversations, or all of them, oldest first (the control socket),
    /// each as the inbox's list shows it: client's name (R3), newest message, unread count. Read
    /// through the inbox's keyset query, so both doors name and count by the same rule.
    public func listConversations(_ caller: Caller, _ args: ConversationListCommand) async throws -> ConversationList {
        let id = try await practiceID(for: caller, args.practice)
        var conversations: [ConversationInfo] = []
        var cursor: ConversationListCursor?
        repeat {
            let page = try await router.conversationList(
                practice: id, activeOnly: !(args.all ?? false), after: cursor, limit: Self.wholeListPage)
            conversations += page.summaries.map(ConversationInfo.init(_:))
            cursor = page.next
        } while cursor != nil
        return ConversationList(conversations: conversations.sorted { $0.id < $1.id })
    }

    /// Rows per read when ``listConversations(_:_:)`` reads the whole list.
    static let wholeListPage = 1_000

    /// A page of the inbox's conversation list: active first, then newest activity, then newest
    /// id; `after` is the previous page's `nextCursor` (issue 12).
    public func conversationPage(
        _ caller: Caller, practice: Int64? = nil, all: Bool, after: String?, limit: Int
    ) async throws -> ConversationPage {
        let id = try await practiceID(for: caller, practice)
        var cursor: ConversationListCursor?
        if let after {
            guard let parsed = ConversationListCursor(text: after) else {
                throw TextingError(.badQuery, "after must be the nextCursor of a previous page.")
            }
            cursor = parsed
        }
        let page = try await router.conversationList(practice: id, activeOnly: !all, after: cursor, limit: limit)
        return ConversationPage(conversations: page.summaries.map(ConversationInfo.init(_:)), nextCursor: page.next?.text)
    }

    /// One conversation with its client, subscriptions and every message.
    public func showConversation(_ caller: Caller, _ args: ConversationShowCommand) async throws -> ConversationDetail {
        let id = try await practiceID(for: caller, args.practice)
        let record = try await router.conversation(ConversationID(args.conversation), practice: id)
        let messages = try await router.messages(conversation: record.id, practice: id)
        let (conversation, client, subscriptions) = try await detailParts(record, practice: id)
        return ConversationDetail(conversation: conversation, client: client, subscriptions: subscriptions,
                                  messages: messageInfos(messages))
    }

    /// One conversation with its client and subscriptions and a page of its thread: the newest
    /// `limit` messages before the message `before` (the newest when nil), oldest first, and the
    /// cursor of the older page (issue 12).
    public func conversationThread(
        _ caller: Caller, practice: Int64? = nil, conversation: Int64, before: Int64?, limit: Int
    ) async throws -> ConversationDetail {
        let id = try await practiceID(for: caller, practice)
        let (record, page) = try await router.thread(
            conversation: ConversationID(conversation), practice: id, before: before.map(MessageID.init(_:)), limit: limit)
        let (info, client, subscriptions) = try await detailParts(record, practice: id)
        return ConversationDetail(conversation: info, client: client, subscriptions: subscriptions,
                                  page: messageInfos(page.messages), olderCursor: page.older.map { String($0.rawValue) })
    }

    /// What a thread shows above its messages.
    private func detailParts(_ record: ConversationRecord, practice id: PracticeID) async throws
        -> (ConversationInfo, ClientInfo?, SubscriptionInfo) {
        var client: ClientInfo?
        if let clientID = record.clientID, let profile = try await router.profile(clientID, practice: id) {
            client = try await clientInfo(profile, practice: router.practice(id))
        }
        return (ConversationInfo(record, clientName: client?.name), client, try await subscriptionInfo(id, phone: record.phone))
    }

    /// Starts a conversation with a number (S1–S5), optionally with a first message and
    /// attachments; the author is the caller (``Caller/author(named:)``).
    public func startConversation(_ caller: Caller, _ args: ConversationStartCommand) async throws -> StaffMessageInfo {
        let id = try await practiceID(for: caller, args.practice)
        let staff = try caller.author(named: args.staff)
        let phone = try Arguments.phone(args.to, "The client's number")
        let uploads = try finishedUploads(args.attachments, practice: id)
        let typedName: (first: String, last: String)?
        switch (args.firstName.map(Arguments.trimmed), args.lastName.map(Arguments.trimmed)) {
        case (nil, nil):
            typedName = nil
        case (let first?, let last?) where !first.isEmpty && !last.isEmpty:
            typedName = (first, last)
        default:
            throw Arguments.bad("Give both the first and the last name of a typed number, or neither.")
        }
        let message = try args.message.map { try Arguments.required($0, "The message") }
        let result = try await sending(uploads) { attachments in
            try await router.startConversation(
                practice: id, phone: phone, title: Arguments.trimmed(args.title), firstMessage: message,
                attachments: attachments, staff: staff, accountID: caller.accountID, typedName: typedName,
                confirmWarnings: args.confirm ?? false)
        }
        let practice = try await router.practice(id)
        let profile = try await router.numberSnapshot(practice: id, phone: phone).profile
        let chat = ChatInfo(practice: practice, app: profile?.app, minimumVersion: await router.minimumAppVersion)
        guard let conversation = result.conversationID else {
            throw TextingError(.init("conversation.not_started"), "The conversation was not stored; try again.")
        }
        return StaffMessageInfo(
            conversation: conversation.rawValue, message: result.messageID?.rawValue, channel: result.channel.rawValue,
            channelLabel: result.channel.label, chat: chat,
            messages: uploads.count == 0 ? nil : result.messageIDs.map(\.rawValue))
    }

    /// A staff reply in a conversation (S6, S7), with or without attachments (R5).
    public func reply(_ caller: Caller, _ args: ConversationReplyCommand) async throws -> StaffMessageInfo {
        let id = try await practiceID(for: caller, args.practice)
        let staff = try caller.author(named: args.staff)
        let uploads = try finishedUploads(args.attachments, practice: id)
        // R5: with attachments the text may be left out; the links are then the whole reply.
        let body = uploads.count == 0 || !Arguments.trimmed(args.message ?? "").isEmpty
            ? try Arguments.required(args.message ?? "", "The message") : ""
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        let result = try await sending(uploads) { attachments in
            try await router.reply(conversation: conversation.id, body: body, attachments: attachments, staff: staff,
                                   accountID: caller.accountID, confirmWarnings: args.confirm ?? false)
        }
        return StaffMessageInfo(
            conversation: conversation.id.rawValue, message: result.messageID?.rawValue, channel: result.channel.rawValue,
            channelLabel: result.channel.label, chat: result.fallback.map(ChatInfo.init(unavailable:)),
            messages: uploads.count == 0 ? nil : result.messageIDs.map(\.rawValue), notice: result.notice)
    }

    /// Ends a conversation (C1).
    public func endConversation(_ caller: Caller, _ args: ConversationEndCommand) async throws -> ConversationEndInfo {
        let id = try await practiceID(for: caller, args.practice)
        _ = try caller.author(named: args.staff)
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        try await router.endConversation(conversation.id)
        return ConversationEndInfo(conversation: conversation.id.rawValue, active: false)
    }

    /// Opts the conversation's number out of 2-way texting (O1).
    public func optOut(_ caller: Caller, _ args: ConversationOptOutCommand) async throws -> SubscriptionInfo {
        let id = try await practiceID(for: caller, args.practice)
        let staff = try caller.author(named: args.staff)
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        try await router.optOut(conversation: conversation.id, staff: staff, accountID: caller.accountID)
        return try await subscriptionInfo(id, phone: conversation.phone)
    }
}

extension ConversationInfo {
    /// A row of the inbox's list (issue 12).
    init(_ summary: ConversationSummary) {
        self.init(summary.conversation, clientName: summary.clientName)
        lastMessage = summary.lastMessage.map { last in
            MessagePreviewInfo(
                id: last.id.rawValue, direction: last.direction.rawValue, author: last.author.description, body: last.body,
                channel: last.channel.rawValue, channelLabel: last.channel.label,
                delivery: last.deliveryState.map { state in
                    DeliveryInfo(state: state.rawValue, errorCode: last.errorCode,
                                 explanation: last.errorCode.map(CarrierErrorCode.explanation))
                },
                createdAt: last.createdAt)
        }
        unread = summary.unread
        lastActivityAt = summary.lastActivityAt
    }
}
