import Foundation
import TextingCore

/// What was decided for an unread stretch, written in the same transaction as the text (when
/// one is sent), so a restart neither repeats nor forgets it.
public struct AppNudgeMark: Sendable, Hashable {
    public var conversationID: ConversationID
    /// The newest unread app message the decision covers; the next stretch starts once the
    /// client read past it.
    public var through: MessageID
    /// Nil when the text was sent (its message is the batch's first); the reason otherwise.
    public var skipped: UnreadAppReminderSkip?
    public var at: Date

    public init(conversationID: ConversationID, through: MessageID, skipped: UnreadAppReminderSkip?, at: Date) {
        self.conversationID = conversationID
        self.through = through
        self.skipped = skipped
        self.at = at
    }
}
