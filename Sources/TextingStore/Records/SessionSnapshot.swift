import Foundation
import TextingCore

/// Everything a phone session needs to decide about the next text from its number, read in one
/// go when the session is (re)built. Nothing proportional to history is loaded.
public struct SessionSnapshot: Sendable {
    public var activeConversation: ConversationRecord?
    public var subscriptions: Subscriptions
    /// The profile R3's lookup order finds for the number, if any.
    public var profile: ClientProfile?
    /// Reminders sent to the number in the last 48 hours, newest last (A6).
    public var recentReminders: [SentReminder]
    /// Carrier ids of the number's latest inbound messages, for fast duplicate checks (R6).
    public var recentInboundSIDs: [String]
    /// The number's session version when it was read, for a store that several daemons share
    /// (M1): a batch built from this snapshot carries it as ``SessionBatch/expectedVersion``, and
    /// the store refuses it with ``SessionChanged`` when another daemon committed in between. Nil
    /// for a store that one process owns (SQLite), which checks nothing.
    public var version: Int64?

    public init(
        activeConversation: ConversationRecord? = nil, subscriptions: Subscriptions = Subscriptions(),
        profile: ClientProfile? = nil, recentReminders: [SentReminder] = [], recentInboundSIDs: [String] = [],
        version: Int64? = nil
    ) {
        self.version = version
        self.activeConversation = activeConversation
        self.subscriptions = subscriptions
        self.profile = profile
        self.recentReminders = recentReminders
        self.recentInboundSIDs = recentInboundSIDs
    }
}
