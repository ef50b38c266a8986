import Foundation
import Testing
import TextingCore
import TextingStore

/// Issue 11, defect 3 (D1, R6): SQLite receives a bound string only up to its first U+0000, so
/// the store refuses such a string with a coded error instead of storing or comparing a
/// different value. Every other character is stored byte for byte.
@Suite("Store: text is stored exactly or refused (issue 11, defect 3)")
struct StoredTextTests {
    static func inbound(_ sid: String, body: String) -> MessageDraft {
        MessageDraft(direction: .inbound, author: .client, body: body, carrierSID: sid, createdAt: Date())
    }

    @Test("D1: a body with U+0000 throws store.text_has_nul and nothing is stored", arguments: StoreKind.allCases)
    func bodyWithNULIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-0142")
            await #expect(throws: StoredText.nulRefused) {
                _ = try await store.commit(SessionBatch(
                    practiceID: practice.id, phone: phone, messages: [Self.inbound("SMa", body: "Bella needs\u{0}her meds")]))
            }
            #expect(try await store.messagesOutsideConversations(practice: practice.id).isEmpty)
        }
    }

    @Test("R6: a sid equal to a stored one up to a U+0000 is refused, not reported as a duplicate", arguments: StoreKind.allCases)
    func sidWithNULIsNotADuplicate(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-0142")
            let first = try await store.commit(SessionBatch(
                practiceID: practice.id, phone: phone, messages: [Self.inbound("SMtwin", body: "first")]))
            #expect(!first.duplicate)
            await #expect(throws: StoredText.nulRefused) {
                _ = try await store.commit(SessionBatch(
                    practiceID: practice.id, phone: phone, messages: [Self.inbound("SMtwin\u{0}two", body: "second")]))
            }
            await #expect(throws: StoredText.nulRefused) {
                _ = try await store.storeOrphan(Self.inbound("SMtwin\u{0}three", body: "third"), phone: phone,
                                                practiceNumber: try PhoneNumber(parsing: "800-555-1999"))
            }
            await #expect(throws: StoredText.nulRefused) {
                _ = try await store.clients(practice: practice.id, lastName: "Con\u{0}nor")
            }
        }
    }

    @Test("D1: every other control character and any Unicode text round-trips byte for byte", arguments: StoreKind.allCases)
    func otherTextRoundTrips(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-0142")
            let body = "a\u{1}b\u{1F}c\u{7F}d\u{85}e\u{2028}f\r\n\t\u{FEFF}\u{1F436}"
            let commit = try await store.commit(SessionBatch(
                practiceID: practice.id, phone: phone, messages: [Self.inbound("SM\u{1}x", body: body)]))
            let id = try #require(commit.messageIDs.first)
            let stored = try #require(try await store.message(id))
            #expect(stored.body == body)
            #expect(Array(stored.body.utf8) == Array(body.utf8))
            #expect(stored.carrierSID == "SM\u{1}x")
        }
    }
}
