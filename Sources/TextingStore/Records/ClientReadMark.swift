import Foundation
import TextingCore

/// A conversation's client read mark after ``AppChannelStore/markReadByClient(conversation:through:at:)``:
/// the pet owner has read in the app every message up to `through` (P2's read receipt).
public struct ClientReadMark: Hashable, Sendable {
    public var conversation: ConversationID
    /// The mark in force (a mark further on stays where it was).
    public var through: MessageID
    /// When the mark in force was set.
    public var at: Date
    /// Messages to the client after the mark.
    public var unread: Int
    /// The call moved the mark (false when it was already at or past `through`).
    public var moved: Bool

    public init(conversation: ConversationID, through: MessageID, at: Date, unread: Int, moved: Bool) {
        self.conversation = conversation
        self.through = through
        self.at = at
        self.unread = unread
        self.moved = moved
    }
}
