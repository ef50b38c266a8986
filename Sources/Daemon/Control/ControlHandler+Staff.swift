import Control
import Foundation
import Routing
import TextingCore
import TextingStore

/// What staff do: `conversation.*`, `clients.search`, `profile.*`, `subscription.*` and
/// `reminder.send` (S1–S7, R2, A2, A5, C1–C3, O1, O4, E5).
extension ControlHandler {
    static let staffRoutes: [(String, Route)] = [
        route(ConversationListCommand.self) { handler, args, _ in try await handler.listConversations(args) },
        route(ConversationShowCommand.self) { handler, args, _ in try await handler.showConversation(args) },
        route(ConversationStartCommand.self) { handler, args, _ in try await handler.startConversation(args) },
        route(ConversationReplyCommand.self) { handler, args, _ in try await handler.reply(args) },
        route(ConversationEndCommand.self) { handler, args, _ in try await handler.endConversation(args) },
        route(ConversationOptOutCommand.self) { handler, args, _ in try await handler.optOut(args) },
        route(ClientsSearchCommand.self) { handler, args, _ in try await handler.searchClients(args) },
        route(ProfileShowCommand.self) { handler, args, _ in
            let id = try await handler.practiceID(args.practice)
            let phone = try await handler.number(id, phone: args.phone, conversation: args.conversation)
            return try await handler.profileInfo(id, phone: phone)
        },
        route(ProfileEditCommand.self) { handler, args, _ in try await handler.editProfile(args) },
        route(SubscriptionShowCommand.self) { handler, args, _ in
            let id = try await handler.practiceID(args.practice)
            return try await handler.subscriptionInfo(id, phone: ControlArguments.phone(args.phone, "The number"))
        },
        route(SubscriptionSetCommand.self) { handler, args, _ in try await handler.setSubscription(args) },
        route(ReminderSendCommand.self) { handler, args, _ in try await handler.sendReminder(args) },
    ]

    // MARK: - Conversations (S1–S7, C1, C3)

    private func listConversations(_ args: ConversationListCommand) async throws -> ConversationList {
        let id = try await practiceID(args.practice)
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

    private func showConversation(_ args: ConversationShowCommand) async throws -> ConversationDetail {
        let id = try await practiceID(args.practice)
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

    private func startConversation(_ args: ConversationStartCommand) async throws -> StaffMessageInfo {
        let id = try await practiceID(args.practice)
        let staff = try ControlArguments.staff(args.staff)
        let phone = try ControlArguments.phone(args.to, "The client's number")
        let uploads = try finishedUploads(args.attachments, practice: id)
        let typedName: (first: String, last: String)?
        switch (args.firstName.map(Self.trimmed), args.lastName.map(Self.trimmed)) {
        case (nil, nil):
            typedName = nil
        case (let first?, let last?) where !first.isEmpty && !last.isEmpty:
            typedName = (first, last)
        default:
            throw ControlArguments.bad("Give both the first and the last name of a typed number (S4), or neither.")
        }
        let message = try args.message.map { try ControlArguments.required($0, "The message") }
        let result = try await sending(uploads) { attachments in
            try await router.startConversation(
                practice: id, phone: phone, title: Self.trimmed(args.title), firstMessage: message,
                attachments: attachments, staff: staff, typedName: typedName, confirmWarnings: args.confirm ?? false)
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
            messages: uploads.isEmpty ? nil : result.messageIDs.map(\.rawValue))
    }

    private func reply(_ args: ConversationReplyCommand) async throws -> StaffMessageInfo {
        let id = try await practiceID(args.practice)
        let staff = try ControlArguments.staff(args.staff)
        let uploads = try finishedUploads(args.attachments, practice: id)
        // R5: with attachments the text may be left out; the links are then the whole reply.
        let body = uploads.isEmpty || !Self.trimmed(args.message ?? "").isEmpty
            ? try ControlArguments.required(args.message ?? "", "The message") : ""
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        let result = try await sending(uploads) { attachments in
            try await router.reply(conversation: conversation.id, body: body, attachments: attachments, staff: staff,
                                   confirmWarnings: args.confirm ?? false)
        }
        return StaffMessageInfo(
            conversation: conversation.id.rawValue, message: result.messageID?.rawValue, channel: result.channel.rawValue,
            channelLabel: result.channel.label, chat: nil,
            messages: uploads.isEmpty ? nil : result.messageIDs.map(\.rawValue))
    }

    private func endConversation(_ args: ConversationEndCommand) async throws -> ConversationEndInfo {
        let id = try await practiceID(args.practice)
        _ = try ControlArguments.staff(args.staff)
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        try await router.endConversation(conversation.id)
        return ConversationEndInfo(conversation: conversation.id.rawValue, active: false)
    }

    private func optOut(_ args: ConversationOptOutCommand) async throws -> SubscriptionInfo {
        let id = try await practiceID(args.practice)
        let staff = try ControlArguments.staff(args.staff)
        let conversation = try await router.conversation(ConversationID(args.conversation), practice: id)
        try await router.optOut(conversation: conversation.id, staff: staff)
        return try await subscriptionInfo(id, phone: conversation.phone)
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Clients and profiles (S2, S3, C2, A5)

    private func searchClients(_ args: ClientsSearchCommand) async throws -> ClientList {
        let id = try await practiceID(args.practice)
        let lastName = try ControlArguments.required(args.lastName, "The last name")
        let practice = try await router.practice(id)
        var clients: [ClientInfo] = []
        for profile in try await router.searchClients(practice: id, lastName: lastName) {
            clients.append(try await clientInfo(profile, practice: practice))
        }
        return ClientList(clients: clients)
    }

    /// The number a profile command is about: `phone`, or the number of `conversation`.
    private func number(_ practice: PracticeID, phone: String?, conversation: Int64?) async throws -> PhoneNumber {
        switch (phone, conversation) {
        case (let phone?, nil):
            return try ControlArguments.phone(phone, "The number")
        case (nil, let conversation?):
            return try await router.conversation(ConversationID(conversation), practice: practice).phone
        default:
            throw ControlArguments.bad("Name the client by exactly one of --phone or --conversation.")
        }
    }

    private func profileInfo(_ id: PracticeID, phone: PhoneNumber) async throws -> ProfileInfo {
        let practice = try await router.practice(id)
        guard let profile = try await router.numberSnapshot(practice: id, phone: phone).profile else {
            return ProfileInfo(phone: phone.e164, profile: nil)
        }
        return ProfileInfo(phone: phone.e164, profile: try await clientInfo(profile, practice: practice))
    }

    private func editProfile(_ args: ProfileEditCommand) async throws -> ProfileInfo {
        let id = try await practiceID(args.practice)
        _ = try ControlArguments.staff(args.staff)
        let phone = try await number(id, phone: args.phone, conversation: args.conversation)
        guard args.firstName != nil || args.lastName != nil || args.email != nil else {
            throw ControlArguments.bad("Give at least one of the first name, last name or email to change.")
        }
        _ = try await router.editProfile(
            practice: id, phone: phone, firstName: args.firstName.map(Self.trimmed),
            lastName: args.lastName.map(Self.trimmed), email: args.email.map(Self.trimmed))
        return try await profileInfo(id, phone: phone)
    }

    /// A profile with each of its numbers' subscriptions and app chat availability (S2).
    private func clientInfo(_ profile: ClientProfile, practice: Practice) async throws -> ClientInfo {
        var phones: [ClientPhoneInfo] = []
        for phone in profile.phones {
            let subscriptions = try await router.subscriptions(practice: practice.id, phone: phone)
            phones.append(ClientPhoneInfo(number: phone.e164, twoWay: subscriptions.twoWay, reminders: subscriptions.reminders))
        }
        let chat = ChatInfo(practice: practice, app: profile.app, minimumVersion: await router.minimumAppVersion)
        return ClientInfo(profile, phones: phones, chat: chat)
    }

    // MARK: - Subscriptions and reminders (O1, O4, E5)

    func subscriptionInfo(_ id: PracticeID, phone: PhoneNumber) async throws -> SubscriptionInfo {
        SubscriptionInfo(
            phone: phone, try await router.subscriptions(practice: id, phone: phone),
            history: try await router.subscriptionHistory(practice: id, phone: phone))
    }

    private func setSubscription(_ args: SubscriptionSetCommand) async throws -> SubscriptionInfo {
        let id = try await practiceID(args.practice)
        let staff = try ControlArguments.staff(args.staff)
        let phone = try ControlArguments.phone(args.phone, "The number")
        switch (args.twoWay, args.reminders) {
        case (nil, nil):
            throw ControlArguments.bad("Give --two-way and/or --reminders (on or off).")
        case (let twoWay?, let reminders?) where twoWay == reminders:
            _ = try await router.setSubscription(practice: id, phone: phone, kind: nil, subscribed: twoWay, staff: staff)
        case (let twoWay, let reminders):
            if let twoWay {
                _ = try await router.setSubscription(practice: id, phone: phone, kind: .twoWay, subscribed: twoWay, staff: staff)
            }
            if let reminders {
                _ = try await router.setSubscription(practice: id, phone: phone, kind: .reminders, subscribed: reminders,
                                                     staff: staff)
            }
        }
        return try await subscriptionInfo(id, phone: phone)
    }

    private func sendReminder(_ args: ReminderSendCommand) async throws -> ReminderInfo {
        let id = try await practiceID(args.practice)
        _ = try ControlArguments.staff(args.staff)
        let phone = try ControlArguments.phone(args.to, "The client's number")
        let body = try ControlArguments.required(args.message, "The message")
        let message = try await router.sendReminder(practice: id, phone: phone, body: body,
                                                    confirmWarnings: args.confirm ?? false)
        return ReminderInfo(phone: phone.e164, message: message?.rawValue)
    }
}
