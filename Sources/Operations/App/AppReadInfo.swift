import Foundation

/// The client's read mark after marking a conversation read (it never moves back, so it may be
/// further on than asked).
public struct AppReadInfo: Codable, Sendable, Hashable {
    public var conversation: Int64
    public var through: Int64
    public var readAt: Date
    /// Messages to the client after the mark.
    public var unread: Int

    public init(conversation: Int64, through: Int64, readAt: Date, unread: Int) {
        self.conversation = conversation
        self.through = through
        self.readAt = readAt
        self.unread = unread
    }
}
