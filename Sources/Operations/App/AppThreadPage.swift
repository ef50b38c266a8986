import Foundation

/// A page of a conversation's thread in the app: oldest first; `olderCursor` is the `before` of
/// the previous page, null on the first.
public struct AppThreadPage: Codable, Sendable, Hashable {
    public var conversation: AppConversationInfo
    public var messages: [AppMessageInfo]
    public var olderCursor: String?

    public init(conversation: AppConversationInfo, messages: [AppMessageInfo], olderCursor: String?) {
        self.conversation = conversation
        self.messages = messages
        self.olderCursor = olderCursor
    }

    enum CodingKeys: String, CodingKey { case conversation, messages, olderCursor }

    /// Writes `olderCursor` as null on the first page instead of leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversation, forKey: .conversation)
        try container.encode(messages, forKey: .messages)
        try container.encode(olderCursor, forKey: .olderCursor)
    }
}
