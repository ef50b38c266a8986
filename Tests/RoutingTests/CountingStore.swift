import Foundation
import Synchronization
import TextingCore
import TextingStore

/// A store that counts the outbox sender's reads; everything goes to the real store.
final class CountingStore: MessageStore {
    let base: any MessageStore
    private let outboxReads = Atomic<Int>(0)

    init(base: any MessageStore) { self.base = base }

    /// Calls of ``dueOutbox(now:perSender:excluding:skipping:)`` so far.
    var outboxReadCount: Int { outboxReads.load(ordering: .relaxed) }

    func practices() async throws -> [Practice] { try await base.practices() }
    func createPractice(_ practice: Practice) async throws -> Practice { try await base.createPractice(practice) }
    func updatePractice(_ practice: Practice) async throws { try await base.updatePractice(practice) }
    func recordCharge(practice: PracticeID, kind: String, amountCents: Int, at: Date) async throws {
        try await base.recordCharge(practice: practice, kind: kind, amountCents: amountCents, at: at)
    }
    func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot {
        try await base.loadSession(practice: practice, phone: phone, now: now)
    }
    func commit(_ batch: SessionBatch) async throws -> SessionCommit { try await base.commit(batch) }
    func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool {
        try await base.storeOrphan(message, phone: phone, practiceNumber: practiceNumber)
    }
    func conversation(_ id: ConversationID) async throws -> ConversationRecord? { try await base.conversation(id) }
    func conversations(practice: PracticeID, activeOnly: Bool) async throws -> [ConversationRecord] {
        try await base.conversations(practice: practice, activeOnly: activeOnly)
    }
    func messages(conversation: ConversationID) async throws -> [MessageRecord] {
        try await base.messages(conversation: conversation)
    }
    func messagesOutsideConversations(practice: PracticeID?) async throws -> [MessageRecord] {
        try await base.messagesOutsideConversations(practice: practice)
    }
    func message(_ id: MessageID) async throws -> MessageRecord? { try await base.message(id) }
    func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions {
        try await base.subscriptions(practice: practice, phone: phone)
    }
    func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange] {
        try await base.subscriptionHistory(practice: practice, phone: phone)
    }
    func profile(_ id: ClientID) async throws -> ClientProfile? { try await base.profile(id) }
    func directoryHasEmail(practice: PracticeID, email: String) async throws -> Bool {
        try await base.directoryHasEmail(practice: practice, email: email)
    }
    func upsertDirectory(practice: PracticeID, clients: [ClientProfile]) async throws {
        try await base.upsertDirectory(practice: practice, clients: clients)
    }
    func clients(practice: PracticeID, lastName: String) async throws -> [ClientProfile] {
        try await base.clients(practice: practice, lastName: lastName)
    }
    func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox {
        outboxReads.add(1, ordering: .relaxed)
        return try await base.dueOutbox(now: now, perSender: perSender, excluding: excluding, skipping: skipping)
    }
    func outboxDepth() async throws -> Int { try await base.outboxDepth() }
    func markSending(_ item: OutboxItem) async throws { try await base.markSending(item) }
    func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws { try await base.recordSend(item, outcome: outcome) }
    func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord? {
        try await base.updateDelivery(carrierSID: carrierSID, state: state, errorCode: errorCode)
    }
    func dueMediaDownloads(now: Date, limit: Int) async throws -> [MediaRecord] {
        try await base.dueMediaDownloads(now: now, limit: limit)
    }
    func recordMediaDownload(_ id: String, outcome: MediaDownloadOutcome) async throws {
        try await base.recordMediaDownload(id, outcome: outcome)
    }
    func media(_ id: String) async throws -> MediaRecord? { try await base.media(id) }
}
