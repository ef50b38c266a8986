import Foundation
import Routing
import TextingCore
import TextingStore

extension RoutingHarness {
    /// Puts `phone` in the practice's directory (PMS id `C-<phone>`) with an app account of
    /// `version`, and makes the sessions see it, as a directory import or the platform's client
    /// update does (S2).
    func setApp(_ phone: PhoneNumber, version: String?, signedIn: Bool = true) async throws {
        try await store.upsertDirectory(practice: practice.id, clients: [ClientProfile(
            id: ClientID(0), practiceID: practice.id, source: .pms, externalID: "C-\(phone.e164)", firstName: "Ada",
            lastName: "King", phones: [phone],
            app: AppAccount(installed: true, signedIn: signedIn, appVersion: version.flatMap(AppVersion.init),
                            chatDisabled: false))])
        await router.invalidateSessions(practice: practice.id)
    }

    /// Starts a conversation with `phone` whose first staff message is `firstMessage`.
    func start(_ phone: PhoneNumber, firstMessage: String?) async throws -> StaffResult {
        try await router.startConversation(practice: practice.id, phone: phone, title: "Luna", firstMessage: firstMessage,
                                           staff: "amy")
    }
}
