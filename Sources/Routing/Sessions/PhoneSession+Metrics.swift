import TextingCore
import TextingStore
import TwowayMetrics

extension PhoneSession {
    /// Counts what a committed batch did that operators watch: opt-outs by kind and by whom,
    /// an after-hours reply (A1: the conversation's replied-for period moved), a profile the
    /// bot finished (A4).
    static func recordMetrics(_ batch: SessionBatch, from before: SessionState, to after: SessionState) {
        for change in batch.subscriptionChanges where !change.subscribed {
            TwowayMetrics.optOut(kind: change.kind.rawValue, by: change.actor)
        }
        if let replied = after.conversation?.afterHoursRepliedFor,
           before.conversation.map({ $0.id != after.conversation?.id || $0.afterHoursRepliedFor != replied }) ?? true {
            TwowayMetrics.afterHoursReplies.increment()
        }
        if case .create(let profile)? = batch.profile, profile.source == .bot {
            TwowayMetrics.profilesCompleted.increment()
        }
    }
}
