import Foundation
import TextingCore

/// A page of a conversation's thread: the newest messages before a point, oldest first.
public struct MessagePage: Hashable, Sendable {
    public var messages: [MessageRecord]
    /// The `before` of the next older page (the page's oldest message); nil when there is none.
    public var older: MessageID?

    public init(messages: [MessageRecord], older: MessageID?) {
        self.messages = messages
        self.older = older
    }
}
