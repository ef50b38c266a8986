import Foundation
import TextingCore
import TextingStore

/// What a phone session knows about its number between texts; rebuilt from the store whenever
/// the session is created or a write failed.
struct SessionState: Sendable {
    var conversation: ConversationRecord?
    var subscriptions: Subscriptions
    var profile: ClientProfile?
    /// Reminders of the last 48 hours, oldest first (A6).
    var reminders: [SentReminder]
    /// Latest inbound carrier ids, oldest first, bounded (R6).
    var recentSIDs: [String]
    /// The number's session version in a store several daemons share (nil: not checked). A
    /// commit carries it and gets the next one; another daemon's commit in between makes the
    /// store refuse the batch (``SessionChanged``), and the session reloads.
    var version: Int64?

    init(_ snapshot: SessionSnapshot) {
        version = snapshot.version
        conversation = snapshot.activeConversation
        subscriptions = snapshot.subscriptions
        profile = snapshot.profile
        reminders = snapshot.recentReminders
        recentSIDs = snapshot.recentInboundSIDs
    }

    mutating func remember(sid: String) {
        recentSIDs.append(sid)
        if recentSIDs.count > 64 { recentSIDs.removeFirst(recentSIDs.count - 32) }
    }

    /// Drops reminders that can no longer be replied to (A6), keeping the state small.
    mutating func forgetOldReminders(now: Date) {
        let cutoff = now.addingTimeInterval(-48 * 3600)
        reminders.removeAll { $0.sentAt < cutoff }
    }

    /// Sets both subscriptions and returns the recorded changes (O2, O3, O5).
    mutating func setSubscriptions(
        twoWay: Bool? = nil, reminders: Bool? = nil, actor: String, method: String, at now: Date
    ) -> [SubscriptionChange] {
        var changes: [SubscriptionChange] = []
        if let twoWay, twoWay != subscriptions.twoWay {
            subscriptions.twoWay = twoWay
            subscriptions.twoWayOptedOutAt = twoWay ? nil : now
            changes.append(SubscriptionChange(kind: .twoWay, subscribed: twoWay, actor: actor, method: method, at: now))
        }
        if let reminders, reminders != subscriptions.reminders {
            subscriptions.reminders = reminders
            changes.append(SubscriptionChange(kind: .reminders, subscribed: reminders, actor: actor, method: method, at: now))
        }
        return changes
    }
}
