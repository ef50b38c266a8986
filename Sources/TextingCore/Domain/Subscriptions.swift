import Foundation

/// What a (practice, number) pair is subscribed to (O1–O5). Both default to subscribed.
public struct Subscriptions: Hashable, Sendable, Codable {
    /// Conversations with staff (2-way texting).
    public var twoWay: Bool
    /// Health-service reminders and appointment confirmations (E5).
    public var reminders: Bool
    /// When the number was last opted out of 2-way texting, for S6's refusal.
    public var twoWayOptedOutAt: Date?

    public init(twoWay: Bool = true, reminders: Bool = true, twoWayOptedOutAt: Date? = nil) {
        self.twoWay = twoWay
        self.reminders = reminders
        self.twoWayOptedOutAt = twoWayOptedOutAt
    }

    public var isOptedOutOfAnything: Bool { !twoWay || !reminders }
}

/// Which subscription a change is about.
public enum SubscriptionKind: String, Hashable, Sendable, Codable, CaseIterable {
    case twoWay = "two_way"
    case reminders
}

/// One recorded change of a subscription (O4): who, how and when. Never rewritten.
public struct SubscriptionChange: Hashable, Sendable, Codable {
    public var kind: SubscriptionKind
    public var subscribed: Bool
    /// `client`, `staff:<name>` or `carrier`.
    public var actor: String
    /// How: `keyword STOP`, `inbound text`, `conversation opt-out`, `subscription settings`,
    /// `carrier error 21610`, …
    public var method: String
    public var at: Date
    /// The staff account that made the change (W1); nil for clients, carriers and the control
    /// socket.
    public var accountID: Int64?

    public init(kind: SubscriptionKind, subscribed: Bool, actor: String, method: String, at: Date, accountID: Int64? = nil) {
        self.kind = kind
        self.subscribed = subscribed
        self.actor = actor
        self.method = method
        self.at = at
        self.accountID = accountID
    }
}
