import Control
import Routing
import TextingCore

/// One client's profile by its id, as the staff inbox's client pane shows and edits it (R3, A5,
/// C2). Everyone of the practice may; another practice's client answers `client.not_found`,
/// exactly like one that does not exist (W2).
extension Operations {
    /// The client with its numbers, their subscriptions and app chat availability.
    public func showClient(_ caller: Caller, client: Int64) async throws -> ClientInfo {
        let id = try await practiceID(for: caller, nil)
        return try await clientInfo(clientProfile(client, practice: id), practice: router.practice(id))
    }

    /// Changes the client's first name, last name or email for later conversations (C2, A5): nil
    /// leaves a field, "" clears it. The change goes through the number whose profile R3 finds is
    /// this client, so what staff see for that number is what they edited.
    ///
    /// - Throws: `client.not_found`; `profile.not_editable` when none of the client's numbers
    ///   shows this profile (another profile of the same number comes first); the argument errors
    ///   of `profile.edit`.
    public func editClient(
        _ caller: Caller, client: Int64, firstName: String?, lastName: String?, email: String?
    ) async throws -> ClientInfo {
        let id = try await practiceID(for: caller, nil)
        let profile = try await clientProfile(client, practice: id)
        var shown: PhoneNumber?
        for phone in profile.phones where try await router.numberSnapshot(practice: id, phone: phone).profile?.id == profile.id {
            shown = phone
            break
        }
        guard let shown else {
            throw TextingError(.init("profile.not_editable"),
                               "This profile is not the one shown for any of its numbers; edit the one that is shown.")
        }
        // The author is the caller itself (an account records its own name); the typed `--as`
        // name is only the control socket's.
        let edited = try await editProfile(caller, ProfileEditCommand(
            practice: id.rawValue, staff: caller.description, phone: shown.e164, firstName: firstName, lastName: lastName,
            email: email))
        guard let info = edited.profile else { throw Self.clientNotFound }
        return info
    }

    private func clientProfile(_ client: Int64, practice: PracticeID) async throws -> ClientProfile {
        guard client > 0, let profile = try await router.profile(ClientID(client), practice: practice) else {
            throw Self.clientNotFound
        }
        return profile
    }

    /// The answer for every client id the caller cannot see, whatever the reason.
    static let clientNotFound = TextingError(.init("client.not_found"), "There is no such client.")
}
