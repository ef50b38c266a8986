import Foundation
import Testing
import TextingCore
import TextingStore

/// The app channel's store (issue 13, P2): the directory client of a PMS id, the client's
/// conversations (by number or client id, never another client's), and the client's own read
/// mark, forward only and apart from the front desk's.
@Suite("Store: the app channel (issue 13)")
struct AppChannelStoreTests {
    typealias Fixture = ConversationListTests.Fixture

    /// Directory client PMS-1 with number 0 of the fixture; its profile.
    static func directoryClient(_ f: Fixture) async throws -> ClientProfile {
        try await f.store.upsertDirectory(practice: f.a, clients: [
            ClientProfile(id: ClientID(0), practiceID: f.a, source: .pms, externalID: "PMS-1", firstName: "Jamie",
                          lastName: "Rivers", phones: [Fixture.phone(0)]),
        ])
        return try #require(try await f.store.directoryClient(practice: f.a, externalID: "PMS-1"))
    }

    @Test("the client's conversations: by its numbers and its id, newest first, with its unread count", arguments: StoreKind.allCases)
    func clientConversations(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
            let client = try await Self.directoryClient(f)
            #expect(client.phones == [Fixture.phone(0)])
            #expect(try await f.store.directoryClient(practice: f.b, externalID: "PMS-1") == nil)
            let byNumber = try await f.open(0, minute: 0)
            _ = try await f.text(byNumber, minute: 1)
            _ = try await f.reply(byNumber, minute: 2)
            _ = try await f.reply(byNumber, minute: 3)
            let byID = try await f.open(1, minute: 4, clientID: client.id)
            let other = try await f.open(2, minute: 5)
            _ = try await f.open(0, practice: f.b, minute: 6)
            let rows = try await f.store.clientConversations(practice: f.a, client: client.id, phones: client.phones, limit: 10)
            #expect(rows.map(\.summary.conversation.id) == [byID, byNumber])
            #expect(rows.last?.unreadByClient == 2)
            #expect(!rows.contains { $0.summary.conversation.id == other })
            let noNumbers = try await f.store.clientConversations(practice: f.a, client: client.id, phones: [], limit: 10)
            #expect(noNumbers.map(\.summary.conversation.id) == [byID])
            let one = try #require(try await f.store.clientConversation(byNumber, client: client.id))
            #expect(one == rows.last)
            #expect(try await f.store.clientConversation(ConversationID(999_999), client: client.id) == nil)
        }
    }

    @Test("the client's read mark moves forward only, apart from the front desk's", arguments: StoreKind.allCases)
    func readMark(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let f = try await Fixture(store)
            let conversation = try await f.open(0)
            let first = try await f.reply(conversation, minute: 1)
            let second = try await f.reply(conversation, minute: 2)
            let elsewhere = try await f.text(try await f.open(1), minute: 3)
            let at = Date(timeIntervalSince1970: 1_900_000_000)
            let mark = try #require(try await f.store.markReadByClient(conversation: conversation, through: second, at: at))
            #expect(mark.through == second && mark.unread == 0 && mark.moved && mark.at == at)
            let back = try #require(try await f.store.markReadByClient(conversation: conversation, through: first, at: at + 60))
            #expect(back.through == second && !back.moved && back.at == at)
            #expect(try await f.store.markReadByClient(conversation: conversation, through: elsewhere, at: at) == nil)
            let record = try #require(try await f.store.conversation(conversation))
            #expect(record.clientReadThrough == second && record.clientReadAt == at)
            let staffMark = try await f.list().summaries.first { $0.conversation.id == conversation }?.staffReadThrough
            #expect(staffMark == second)  // the staff replies marked it for the desk; the client's mark is its own
        }
    }
}
