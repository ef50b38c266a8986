import Foundation
import Testing
import TextingCore
import TextingStore

/// What a phone session reads back of what it committed, the PMS directory's lookups, and
/// practice removal, on every store.
@Suite("Store: session snapshots, the directory, practice removal")
struct SessionStoreTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let phone = PhoneNumber(e164: "+13125554200")!  // a valid Chicago number (E8)

    @Test("R6, S5: a snapshot holds the active conversation, subscriptions, profile and recent inbound ids as committed",
          arguments: StoreKind.allCases)
    func snapshotReadsBackTheCommit(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            let empty = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.at)
            #expect(empty.activeConversation == nil && empty.profile == nil && empty.recentInboundSIDs.isEmpty)
            #expect(empty.subscriptions == Subscriptions())

            let conversation = ConversationRecord(id: ConversationID(0), practiceID: practice, phone: Self.phone, clientID: nil,
                                                  title: "New number", channel: .text, isActive: true, createdAt: Self.at)
            let profile = ClientProfile(id: ClientID(0), practiceID: practice, source: .bot, firstName: "Sam",
                                        lastName: "Rivers", email: "sam@example.com", phones: [Self.phone])
            var batch = SessionBatch(practiceID: practice, phone: Self.phone, conversation: .create(conversation),
                                     messages: [MessageDraft(direction: .inbound, author: .client, body: "STOP",
                                                             carrierSID: "SMsession", createdAt: Self.at)],
                                     profile: .create(profile))
            batch.subscriptions = Subscriptions(twoWay: false, reminders: true, twoWayOptedOutAt: Self.at)
            batch.subscriptionChanges = [SubscriptionChange(kind: .twoWay, subscribed: false, actor: "client", method: "STOP",
                                                            at: Self.at)]
            batch.expectedVersion = empty.version
            let commit = try await store.commit(batch)

            let snapshot = try await store.loadSession(practice: practice, phone: Self.phone, now: Self.at)
            #expect(snapshot.activeConversation?.id == commit.conversationID)
            #expect(snapshot.activeConversation?.title == "New number")
            #expect(snapshot.subscriptions == batch.subscriptions)
            #expect(snapshot.profile?.id == commit.clientID && snapshot.profile?.displayName == "Sam Rivers")
            #expect(snapshot.recentInboundSIDs == ["SMsession"])
            #expect(try await store.subscriptions(practice: practice, phone: Self.phone) == batch.subscriptions)
            #expect(try await store.subscriptionHistory(practice: practice, phone: Self.phone).map(\.method) == ["STOP"])
            let messages = try await store.messages(conversation: try #require(commit.conversationID))
            #expect(messages.map(\.body) == ["STOP"] && messages.first?.carrierSID == "SMsession")
            // Another practice's session of the same number shares nothing (W2).
            let other = try await store.createPractice(try StoreFixtures.practice("800-555-1001")).id
            let foreign = try await store.loadSession(practice: other, phone: Self.phone, now: Self.at)
            #expect(foreign.activeConversation == nil && foreign.profile == nil && foreign.subscriptions == Subscriptions())
        }
    }

    @Test("S3, A5: the directory is upserted by external id; last names and emails match ignoring case, per practice",
          arguments: StoreKind.allCases)
    func directoryLookups(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            let other = try await store.createPractice(try StoreFixtures.practice("800-555-1001")).id
            func client(_ id: String, first: String, last: String, email: String?, phone: String) throws -> ClientProfile {
                ClientProfile(id: ClientID(0), practiceID: practice, source: .pms, externalID: id, firstName: first,
                              lastName: last, email: email, phones: [try PhoneNumber(parsing: phone)])
            }
            try await store.upsertDirectory(practice: practice, clients: [
                try client("P-1", first: "Jamie", last: "Rivers", email: "Jamie@Example.com", phone: "312-555-4301"),
                try client("P-2", first: "Alex", last: "Stone", email: nil, phone: "312-555-4302"),
            ])
            #expect(try await store.clients(practice: practice, lastName: "RIVERS").map(\.firstName) == ["Jamie"])
            #expect(try await store.clients(practice: other, lastName: "rivers").isEmpty)
            #expect(try await store.directoryHasEmail(practice: practice, email: "jamie@example.COM"))
            #expect(try await !store.directoryHasEmail(practice: other, email: "jamie@example.com"))
            #expect(try await !store.directoryHasEmail(practice: practice, email: "alex@example.com"))

            // The same external id again updates the row instead of adding one.
            try await store.upsertDirectory(practice: practice, clients: [
                try client("P-1", first: "Jamie-Lee", last: "Rivers", email: "jamie@example.com", phone: "312-555-4301"),
            ])
            let rivers = try await store.clients(practice: practice, lastName: "Rivers")
            #expect(rivers.map(\.firstName) == ["Jamie-Lee"])
            #expect(rivers.first?.externalID == "P-1" && rivers.first?.source == .pms)
        }
    }

    @Test("E1: a practice with nothing of its own is deleted; one with a conversation is in use and stays",
          arguments: StoreKind.allCases)
    func practiceRemoval(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let unused = try await store.createPractice(try StoreFixtures.practice("800-555-1000")).id
            let used = try await store.createPractice(try StoreFixtures.practice("800-555-1001")).id
            _ = try await store.commit(SessionBatch(practiceID: used, phone: Self.phone, conversation: .create(ConversationRecord(
                id: ConversationID(0), practiceID: used, phone: Self.phone, clientID: nil, title: "t", channel: .text,
                isActive: true, createdAt: Self.at))))
            try await store.deleteUnusedPractice(unused)
            do {
                try await store.deleteUnusedPractice(used)
                Issue.record("a practice with a conversation was deleted")
            } catch let error as TextingError {
                #expect(error.code.rawValue == "practice.in_use")
            }
            #expect(try await store.practices().map(\.id) == [used])
        }
    }
}
