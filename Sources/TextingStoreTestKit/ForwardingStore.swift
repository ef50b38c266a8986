import Foundation
import TextingCore
import TextingStore

/// A `MessageStore` that hands every call to `base`. A test's store conforms and implements only
/// the calls it changes (one whose writes fail, one that counts outbox reads); the rest forward.
public protocol ForwardingStore: MessageStore {
    /// The store that answers every call the conforming type does not implement itself.
    var base: any MessageStore { get }
}

extension ForwardingStore {
    public func practices() async throws -> [Practice] { try await base.practices() }
    public func createPractice(_ practice: Practice) async throws -> Practice { try await base.createPractice(practice) }
    public func updatePractice(_ practice: Practice) async throws { try await base.updatePractice(practice) }
    public func deleteUnusedPractice(_ id: PracticeID) async throws { try await base.deleteUnusedPractice(id) }
    public func recordCharge(practice: PracticeID, kind: String, amountCents: Int, at: Date) async throws {
        try await base.recordCharge(practice: practice, kind: kind, amountCents: amountCents, at: at)
    }
    public func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot {
        try await base.loadSession(practice: practice, phone: phone, now: now)
    }
    public func commit(_ batch: SessionBatch) async throws -> SessionCommit { try await base.commit(batch) }
    public func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool {
        try await base.storeOrphan(message, phone: phone, practiceNumber: practiceNumber)
    }
    public func conversation(_ id: ConversationID) async throws -> ConversationRecord? { try await base.conversation(id) }
    public func conversations(practice: PracticeID, activeOnly: Bool) async throws -> [ConversationRecord] {
        try await base.conversations(practice: practice, activeOnly: activeOnly)
    }
    public func messages(conversation: ConversationID) async throws -> [MessageRecord] {
        try await base.messages(conversation: conversation)
    }
    public func conversationList(
        practice: PracticeID, activeOnly: Bool, after: ConversationListCursor?, limit: Int
    ) async throws -> ConversationListPage {
        try await base.conversationList(practice: practice, activeOnly: activeOnly, after: after, limit: limit)
    }
    public func messages(conversation: ConversationID, before: MessageID?, limit: Int) async throws -> MessagePage {
        try await base.messages(conversation: conversation, before: before, limit: limit)
    }
    public func markRead(conversation: ConversationID, through: MessageID) async throws -> ReadMark? {
        try await base.markRead(conversation: conversation, through: through)
    }
    public func messagesOutsideConversations(practice: PracticeID?) async throws -> [MessageRecord] {
        try await base.messagesOutsideConversations(practice: practice)
    }
    public func message(_ id: MessageID) async throws -> MessageRecord? { try await base.message(id) }
    public func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions {
        try await base.subscriptions(practice: practice, phone: phone)
    }
    public func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange] {
        try await base.subscriptionHistory(practice: practice, phone: phone)
    }
    public func profile(_ id: ClientID) async throws -> ClientProfile? { try await base.profile(id) }
    public func directoryHasEmail(practice: PracticeID, email: String) async throws -> Bool {
        try await base.directoryHasEmail(practice: practice, email: email)
    }
    public func upsertDirectory(practice: PracticeID, clients: [ClientProfile]) async throws {
        try await base.upsertDirectory(practice: practice, clients: clients)
    }
    public func clients(practice: PracticeID, lastName: String) async throws -> [ClientProfile] {
        try await base.clients(practice: practice, lastName: lastName)
    }
    public func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox {
        try await base.dueOutbox(now: now, perSender: perSender, excluding: excluding, skipping: skipping)
    }
    public func outboxDepth() async throws -> Int { try await base.outboxDepth() }
    @discardableResult
    public func markSending(_ item: OutboxItem) async throws -> Bool { try await base.markSending(item) }
    public func resumeInterruptedSends() async throws -> Int { try await base.resumeInterruptedSends() }
    public func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws { try await base.recordSend(item, outcome: outcome) }
    public func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord? {
        try await base.updateDelivery(carrierSID: carrierSID, state: state, errorCode: errorCode)
    }
    public func dueMediaDownloads(now: Date, limit: Int) async throws -> [MediaRecord] {
        try await base.dueMediaDownloads(now: now, limit: limit)
    }
    public func recordMediaDownload(_ id: String, outcome: MediaDownloadOutcome) async throws {
        try await base.recordMediaDownload(id, outcome: outcome)
    }
    public func media(_ id: String) async throws -> MediaRecord? { try await base.media(id) }
}
