import Control
import Routing
import TextingCore
import TextingStore

/// Clients and their profiles: `clients.search`, `profile.show`, `profile.edit` (S2, S3, C2, A5).
extension Operations {
    /// The practice's clients with this last name (S3).
    public func searchClients(_ caller: Caller, _ args: ClientsSearchCommand) async throws -> ClientList {
        let id = try await practiceID(for: caller, args.practice)
        let lastName = try Arguments.required(args.lastName, "The last name")
        let practice = try await router.practice(id)
        var clients: [ClientInfo] = []
        for profile in try await router.searchClients(practice: id, lastName: lastName) {
            clients.append(try await clientInfo(profile, practice: practice))
        }
        return ClientList(clients: clients)
    }

    /// The profile of a number, named directly or by a conversation of the practice.
    public func showProfile(_ caller: Caller, _ args: ProfileShowCommand) async throws -> ProfileInfo {
        let id = try await practiceID(for: caller, args.practice)
        let phone = try await number(id, phone: args.phone, conversation: args.conversation)
        return try await profileInfo(id, phone: phone)
    }

    /// Changes a profile's first name, last name or email (A5).
    public func editProfile(_ caller: Caller, _ args: ProfileEditCommand) async throws -> ProfileInfo {
        let id = try await practiceID(for: caller, args.practice)
        _ = try caller.author(named: args.staff)
        let phone = try await number(id, phone: args.phone, conversation: args.conversation)
        guard args.firstName != nil || args.lastName != nil || args.email != nil else {
            throw Arguments.bad("Give at least one of the first name, last name or email to change.")
        }
        _ = try await router.editProfile(
            practice: id, phone: phone, firstName: args.firstName.map(Arguments.trimmed),
            lastName: args.lastName.map(Arguments.trimmed), email: args.email.map(Arguments.trimmed))
        return try await profileInfo(id, phone: phone)
    }

    /// The number a profile command is about: `phone`, or the number of `conversation`.
    private func number(_ practice: PracticeID, phone: String?, conversation: Int64?) async throws -> PhoneNumber {
        switch (phone, conversation) {
        case (let phone?, nil):
            return try Arguments.phone(phone, "The number")
        case (nil, let conversation?):
            return try await router.conversation(ConversationID(conversation), practice: practice).phone
        default:
            throw Arguments.bad("Name the client by exactly one of --phone or --conversation.")
        }
    }

    private func profileInfo(_ id: PracticeID, phone: PhoneNumber) async throws -> ProfileInfo {
        let practice = try await router.practice(id)
        guard let profile = try await router.numberSnapshot(practice: id, phone: phone).profile else {
            return ProfileInfo(phone: phone.e164, profile: nil)
        }
        return ProfileInfo(phone: phone.e164, profile: try await clientInfo(profile, practice: practice))
    }

    /// A profile with each of its numbers' subscriptions and app chat availability (S2).
    func clientInfo(_ profile: ClientProfile, practice: Practice) async throws -> ClientInfo {
        var phones: [ClientPhoneInfo] = []
        for phone in profile.phones {
            let subscriptions = try await router.subscriptions(practice: practice.id, phone: phone)
            phones.append(ClientPhoneInfo(number: phone.e164, twoWay: subscriptions.twoWay, reminders: subscriptions.reminders))
        }
        let chat = ChatInfo(practice: practice, app: profile.app, minimumVersion: await router.minimumAppVersion)
        return ClientInfo(profile, phones: phones, chat: chat)
    }
}
