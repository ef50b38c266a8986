import Foundation

/// A number's subscriptions at one practice and every recorded change (O4).
public struct SubscriptionInfo: Codable, Sendable, Hashable {
    /// E.164.
    public var phone: String
    /// Subscribed to 2-way texting.
    public var twoWay: Bool
    /// Subscribed to reminders and confirmations.
    public var reminders: Bool
    /// When the number was last opted out of 2-way texting (S6 names it).
    public var twoWayOptedOutAt: Date?
    /// Oldest first.
    public var history: [SubscriptionChangeInfo]

    public init(phone: String, twoWay: Bool, reminders: Bool, twoWayOptedOutAt: Date?, history: [SubscriptionChangeInfo]) {
        self.phone = phone
        self.twoWay = twoWay
        self.reminders = reminders
        self.twoWayOptedOutAt = twoWayOptedOutAt
        self.history = history
    }
}

/// One recorded subscription change: who, how and when (O4).
public struct SubscriptionChangeInfo: Codable, Sendable, Hashable {
    /// `two_way` or `reminders`.
    public var kind: String
    public var subscribed: Bool
    /// `client`, `staff:<name>` or `carrier`.
    public var actor: String
    /// E.g. `keyword STOP`, `inbound text`, `conversation opt-out`, `subscription settings`.
    public var method: String
    public var at: Date

    public init(kind: String, subscribed: Bool, actor: String, method: String, at: Date) {
        self.kind = kind
        self.subscribed = subscribed
        self.actor = actor
        self.method = method
        self.at = at
    }
}

/// A queued reminder or confirmation (E5).
public struct ReminderInfo: Codable, Sendable, Hashable {
    public var phone: String
    public var message: Int64?

    public init(phone: String, message: Int64?) {
        self.phone = phone
        self.message = message
    }
}
