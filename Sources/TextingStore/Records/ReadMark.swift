import Foundation
import TextingCore

/// A conversation's read mark after ``MessageStore/markRead(conversation:through:)``: the
/// practice's front desk has read every message up to `through`.
public struct ReadMark: Hashable, Sendable {
    public var conversation: ConversationID
    /// The mark in force (a mark further on stays where it was).
    public var through: MessageID
    /// Inbound messages after the mark.
    public var unread: Int

    public init(conversation: ConversationID, through: MessageID, unread: Int) {
        self.conversation = conversation
        self.through = through
        self.unread = unread
    }
}
