import Control
import Testing
@testable import Daemon

/// Issue 11, defect 3 at the control socket and the directory import: text with U+0000 is
/// refused with a clear error and its code, never stored cut short; other characters are kept.
@Suite("Control: what is accepted is stored exactly (issue 11, defect 3)")
struct ControlTextIntegrityTests {
    @Test("A staff message or a name with U+0000 is refused with store.text_has_nul; nothing is stored")
    func nulInAMessageOrNameIsRefused() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(40)

        let refused = await harness.refusal(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: client, firstName: "Pat", lastName: "Lee", title: "Lab results",
            message: "Your results\u{0} are in."))
        #expect(refused.code == "store.text_has_nul")
        #expect(refused.message.contains("U+0000"))
        #expect(try await harness.call(ConversationListCommand(practice: practice.id)).conversations.isEmpty)

        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: client, firstName: "Pat", lastName: "Lee", title: "Lab results",
            message: "Your results are in.\nCall us:\tany time."))
        let reply = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob\u{0}by", conversation: started.conversation, message: "Hello"))
        #expect(reply.code == "store.text_has_nul")
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: started.conversation))
        #expect(shown.messages.map(\.body) == ["Your results are in.\nCall us:\tany time."])
    }

    @Test("R3: a directory row whose client_id has a control character, or a name with U+0000, is a bad row")
    func directoryRowsWithControlCharacters() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let csv = "client_id,first_name,last_name,phones\n"
            + "C-1\u{1},Sarah,Connor,312-555-2001\n"
            + "C-2,Jo\u{0}hn,Connor,312-555-2002\n"
            + "C-3,\"Kyle\tK.\",Reese,312-555-2003\n"
        let refusal = await harness.refusal(DirectoryImportCommand(practice: practice.id, csv: csv))
        #expect(refusal.code == "directory.invalid_rows")
        let details = try #require(refusal.details)
        #expect(details.map(\.line) == [2, 3])
        #expect(details[0].message.contains("client_id") && details[0].message.contains("control character"))
        #expect(details[1].message.contains("first_name") && details[1].message.contains("U+0000"))

        // Without the two bad rows the tab in a quoted name is kept as typed.
        let good = "client_id,first_name,last_name,phones\nC-3,\"Kyle\tK.\",Reese,312-555-2003\n"
        #expect(try await harness.call(DirectoryImportCommand(practice: practice.id, csv: good)).imported == 1)
        let found = try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "Reese")).clients
        #expect(found.map(\.firstName) == ["Kyle\tK."])
    }
}
