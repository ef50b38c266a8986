import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// Conversations: `conversation.list`, `.show`, `.start`, `.reply`, `.end`, `.opt-out`
/// (S1–S7, C1, C3, O1). Everyone of the practice may; a conversation of another practice
/// answers as one that does not exist (W2).
extension Operations {
    /// The practice's active conversations, or all of them, with each client's name (R3).
    public func listConversations(_ caller: Caller, _ args: ConversationListCommand) async throws -> ConversationList {
        let id = try await practiceID(for: caller, args.practice)
        var names: [ClientID: String?] = [:]
        var conversations: [ConversationInfo] = []
        for record in try await router.conversations(practice: id, activeOnly: !(args.all ?? false)) {
            var name: String?
            if let client = record.clientID {
                if let known = names[client] {
                    name = known
                } else {
                    name = try await router.profile(client, practice: id)?.displayName
                    names[client] = name
                }
            }
            conversations.append(ConversationInfo(record, clientName: name))
        }
        return ConversationList(conversations: conversations)
    }

    /// One conversation with its client, subscriptions and every message.
    public func showConversation(_ caller: Caller, _ args: ConversationShowCommand) async throws -> ConversationDetail {
        let id = try await practiceID(for: caller, args.practice)
        let record = try await router.conversation(ConversationID(args.conversation), practice: id)
        let messages = try await router.messages(conversation: record.id, practice: id)
        var client: ClientInfo?
        if let clientID = record.clientID, let profile = try await router.profile(clientID, practice: id) {
            client = try await clientInfo(profile, practice: router.practice(id))
        }
        return ConversationDetail(
            conversation: ConversationInfo(record, clientName: client?.name), client: client,
            subscriptions: try await subscriptionInfo(id, phone: record.phone), messages: messageInfos(messages))
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
            channelLabel: result.channel.label, chat: nil,
            messages: uploads.count == 0 ? nil : result.messageIDs.map(\.rawValue))
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
