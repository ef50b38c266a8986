import Control
import Foundation
import Operations
import Routing
import TextingCore
import TextingStore
import Testing

/// `practice.remove` (issue 16): an operator can take away a practice that was never used (a
/// demo practice seeded by mistake); a used one is kept, with what it holds named.
@Suite struct PracticeRemovalTests {
    @Test("A practice that was never used is removed: gone from the list, its number no longer routes")
    func removesUnused() async throws {
        let h = try await OperationsHarness()
        let kept = try await h.onboardedPractice(name: "Maple Vet")
        let mistake = try await h.onboardedPractice(name: "Demo")
        let number = try #require(mistake.number.number.flatMap { PhoneNumber(e164: $0) })
        let left = try await h.operations.removePractice(OperationsHarness.operator_, PracticeRemoveCommand(practice: mistake.id))
        #expect(left.practices.map(\.id) == [kept.id])
        let refusal = await OperationsHarness.refusal {
            try await h.operations.showPractice(OperationsHarness.operator_, PracticeShowCommand(practice: mistake.id))
        }
        #expect(refusal.code == "practice.not_found")
        // A text to its number is now a text to no practice: stored unrouted (D3).
        let outcome = try await h.router.dispatch(InboundText(
            from: try PhoneNumber(parsing: OperationsHarness.client), to: number, body: "hello", carrierSID: "SMremoved1"))
        #expect(outcome.disposition == .unrouted)
    }

    @Test("A practice with a conversation is kept and the refusal says what it holds")
    func keepsUsed() async throws {
        let h = try await OperationsHarness()
        let practice = try await h.onboardedPractice(name: "Maple Vet")
        _ = try await h.operations.startConversation(OperationsHarness.operator_, ConversationStartCommand(
            practice: practice.id, staff: "Dana", to: OperationsHarness.client, title: "", message: "Hello from the clinic."))
        let refusal = await OperationsHarness.refusal {
            try await h.operations.removePractice(OperationsHarness.operator_, PracticeRemoveCommand(practice: practice.id))
        }
        #expect(refusal.code == "practice.in_use")
        #expect(refusal.message.contains("1 conversations") && refusal.message.contains("texting disable"), "\(refusal)")
        let still = try await h.operations.showPractice(OperationsHarness.operator_, PracticeShowCommand(practice: practice.id))
        #expect(still.texting)
    }

    @Test("A practice with a staff account is kept; an account may not remove any practice; an unknown id is not found")
    func refusals() async throws {
        let h = try await OperationsHarness()
        let practice = try await h.onboardedPractice(name: "Maple Vet")
        let admin = try await h.storedAccount(practice: practice.id, .admin, "Dr. Alice", login: "alice")
        let byAccount = await OperationsHarness.refusal {
            try await h.operations.removePractice(admin, PracticeRemoveCommand(practice: practice.id))
        }
        #expect(byAccount.code == "auth.forbidden")
        let withAccount = await OperationsHarness.refusal {
            try await h.operations.removePractice(OperationsHarness.operator_, PracticeRemoveCommand(practice: practice.id))
        }
        #expect(withAccount.code == "practice.in_use")
        #expect(withAccount.message.contains("1 staff accounts"))
        let unknown = await OperationsHarness.refusal {
            try await h.operations.removePractice(OperationsHarness.operator_, PracticeRemoveCommand(practice: 999))
        }
        #expect(unknown.code == "practice.not_found")
    }
}
