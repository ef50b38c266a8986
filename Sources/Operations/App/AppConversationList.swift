import Foundation

/// The client's conversations, newest activity first.
public struct AppConversationList: Codable, Sendable, Hashable {
    public var conversations: [AppConversationInfo]

    public init(conversations: [AppConversationInfo]) {
        self.conversations = conversations
    }
}
