import Control
import Foundation
import Operations
import Testing

/// V1, W1: the platform's endpoints receive every message of a practice, so only the people who
/// run the daemon manage them and their events; every staff and admin account is refused.
@Suite("Operations: webhooks and events are for the system administrator (V1)")
struct WebhookAuthorisationTests {
    @Test("V1, W1: admin and staff accounts get auth.forbidden for every webhook and events operation")
    func accountsAreRefused() async throws {
        let harness = try await OperationsHarness()
        let practice = try await harness.onboardedPractice(name: "Maple Vet")
        let added = try await harness.operations.addWebhook(OperationsHarness.operator_, WebhookAddCommand(
            practice: practice.id, url: "https://pms.example/hooks", events: nil))
        for role in StaffRole.allCases {
            let account = OperationsHarness.account(1, practice: practice.id, role, "Dr. Maple")
            let refusals = [
                await OperationsHarness.refusal {
                    try await harness.operations.addWebhook(account, WebhookAddCommand(
                        practice: practice.id, url: "https://evil.example/hooks", events: nil))
                },
                await OperationsHarness.refusal {
                    try await harness.operations.listWebhooks(account, WebhookListCommand(practice: practice.id))
                },
                await OperationsHarness.refusal {
                    try await harness.operations.removeWebhook(account, WebhookRemoveCommand(id: added.id))
                },
                await OperationsHarness.refusal {
                    try await harness.operations.listEvents(account, EventListCommand(practice: practice.id, failed: nil, limit: nil))
                },
                await OperationsHarness.refusal {
                    try await harness.operations.retryEvents(account, EventRetryCommand(events: nil, allFailed: true))
                },
            ]
            #expect(refusals.allSatisfy { $0.code == "auth.forbidden" }, "\(role.rawValue): \(refusals)")
        }
        let endpoints = try await harness.operations.listWebhooks(OperationsHarness.operator_, WebhookListCommand(practice: nil))
        #expect(endpoints.endpoints.map(\.id) == [added.id])
    }
}
