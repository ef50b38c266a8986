import Foundation
import TextingCore
import TextingStore

extension ForwardingStore {
    public func unreadAppStretches(since: Date, sentBefore: Date, limit: Int) async throws -> [UnreadAppStretch] {
        try await base.unreadAppStretches(since: since, sentBefore: sentBefore, limit: limit)
    }
    public func unreadAppStretch(conversation: ConversationID) async throws -> UnreadAppStretch? {
        try await base.unreadAppStretch(conversation: conversation)
    }
    public func appNudge(conversation: ConversationID) async throws -> AppNudgeMark? {
        try await base.appNudge(conversation: conversation)
    }
}
