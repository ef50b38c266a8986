import Foundation

/// A message the client sent from the app: the conversation it joined or opened, its id, and
/// the ids of automatic replies it got (the after-hours reply), which are in the thread too.
public struct AppSentInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    public var message: Int64
    public var replies: [Int64]

    public init(conversation: Int64, message: Int64, replies: [Int64]) {
        self.conversation = conversation
        self.message = message
        self.replies = replies
    }
}
