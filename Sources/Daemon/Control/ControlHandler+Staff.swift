import Control
import Operations

/// What staff do: `conversation.*`, `clients.search`, `profile.*`, `subscription.*` and
/// `reminder.send` (S1–S7, R2, A2, A5, C1–C3, O1, O4, E5), each carried out by ``Operations``.
extension ControlHandler {
    static let staffRoutes: [(String, Route)] = [
        route(ConversationListCommand.self) { operations, args, caller, _ in
            try await operations.listConversations(caller, args)
        },
        route(ConversationShowCommand.self) { operations, args, caller, _ in
            try await operations.showConversation(caller, args)
        },
        route(ConversationStartCommand.self) { operations, args, caller, _ in
            try await operations.startConversation(caller, args)
        },
        route(ConversationReplyCommand.self) { operations, args, caller, _ in try await operations.reply(caller, args) },
        route(ConversationEndCommand.self) { operations, args, caller, _ in
            try await operations.endConversation(caller, args)
        },
        route(ConversationOptOutCommand.self) { operations, args, caller, _ in try await operations.optOut(caller, args) },
        route(ClientsSearchCommand.self) { operations, args, caller, _ in try await operations.searchClients(caller, args) },
        route(ProfileShowCommand.self) { operations, args, caller, _ in try await operations.showProfile(caller, args) },
        route(ProfileEditCommand.self) { operations, args, caller, _ in try await operations.editProfile(caller, args) },
        route(SubscriptionShowCommand.self) { operations, args, caller, _ in
            try await operations.showSubscription(caller, args)
        },
        route(SubscriptionSetCommand.self) { operations, args, caller, _ in
            try await operations.setSubscription(caller, args)
        },
        route(ReminderSendCommand.self) { operations, args, caller, _ in try await operations.sendReminder(caller, args) },
    ]
}
