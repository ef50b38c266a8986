import Foundation

/// Whether a client who has not read the practice's messages in the app gets the one text
/// saying so ("You have a new message from <practice> in the app.").
///
/// An *unread stretch* of a conversation starts with the first message delivered in the app
/// that the client has not read and ends when the client reads past it. A stretch gets at most
/// one text: the caller records the decision (sent, or skipped and why), and asks again only
/// for a stretch with no record. The text goes like any automatic text (O1/O2/S6: never to a
/// number opted out of 2-way texting; only from a practice whose texting is on with a usable
/// number) and waits out the quiet hours of reminders (21:00–08:00 in the client's zone).
public enum UnreadAppReminder: Hashable, Sendable {
    /// Not yet: look again at `at` (the oldest unread message reaches the delay then, or the
    /// quiet hours end then).
    case wait(until: Date)
    /// Send the text now.
    case send
    /// Send nothing for this stretch, for this reason; record it so the stretch is not looked at again.
    case skip(UnreadAppReminderSkip)

    /// The decision for an unread stretch whose oldest message was sent at `oldestUnread`.
    ///
    /// - Parameters:
    ///   - delay: how long a message may stay unread before the text; nil or zero: never.
    ///   - quietUntil: when `now` falls in the quiet hours, their end; nil otherwise.
    public static func decide(
        oldestUnread: Date, delay: Duration?, now: Date, twoWaySubscribed: Bool, practice: Practice,
        quietUntil: Date?
    ) -> UnreadAppReminder {
        guard let delay, delay > .zero else { return .skip(.turnedOff) }
        let due = oldestUnread.addingTimeInterval(delay.inSeconds)
        if due > now { return .wait(until: due) }
        guard twoWaySubscribed else { return .skip(.optedOut) }
        guard practice.textingEnabled, practice.number.usable != nil else { return .skip(.textingOff) }
        if let quietUntil, quietUntil > now { return .wait(until: quietUntil) }
        return .send
    }
}

/// Why an unread stretch got no text.
public enum UnreadAppReminderSkip: String, Hashable, Sendable, Codable {
    /// The unread-app text is turned off in the configuration.
    case turnedOff
    /// The number is opted out of 2-way texting (O1, O2).
    case optedOut
    /// The practice's texting is off or it has no usable number (E3, E4).
    case textingOff
}
