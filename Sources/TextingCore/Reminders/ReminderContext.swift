import Foundation

/// Which reminder a client's text is a reply to (A6).
public enum ReminderContext: Sendable {
    /// How long after a reminder a client's text still carries it: 48 hours.
    public static let window: Duration = .seconds(48 * 3600)

    /// The reminder that a client text received at `replyAt` carries as context, or `nil`.
    ///
    /// Candidates are the reminders sent at or before `replyAt` and no more than ``window``
    /// earlier; exactly 48 hours still counts, a moment more does not. A reminder sent after the
    /// reply is ignored. Of the candidates the most recent is chosen; of several sent at the same
    /// instant, the one with the greatest id. `reminders` must already be those of this practice
    /// to this number, in any order.
    public static func context(forReplyAt replyAt: Date, reminders: [SentReminder]) -> SentReminder? {
        let components = window.components
        let windowSeconds = TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
        let earliest = replyAt.addingTimeInterval(-windowSeconds)
        return reminders
            .filter { $0.sentAt <= replyAt && $0.sentAt >= earliest }
            .max { ($0.sentAt, $0.id) < ($1.sentAt, $1.id) }
    }
}
