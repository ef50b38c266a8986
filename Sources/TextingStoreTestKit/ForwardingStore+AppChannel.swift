import Foundation
import TextingCore
import TextingStore

extension ForwardingStore {
    public func directoryClient(practice: PracticeID, externalID: String) async throws -> ClientProfile? {
        try await base.directoryClient(practice: practice, externalID: externalID)
    }
    public func clientConversations(
        practice: PracticeID, client: ClientID, phones: [PhoneNumber], limit: Int
    ) async throws -> [ClientConversationSummary] {
        try await base.clientConversations(practice: practice, client: client, phones: phones, limit: limit)
    }
    public func clientConversation(_ id: ConversationID, client: ClientID) async throws -> ClientConversationSummary? {
        try await base.clientConversation(id, client: client)
    }
    public func markReadByClient(conversation: ConversationID, through: MessageID, at: Date) async throws -> ClientReadMark? {
        try await base.markReadByClient(conversation: conversation, through: through, at: at)
    }
}
