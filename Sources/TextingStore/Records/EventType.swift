/// The kinds of event the practice platform hears through its webhook endpoints (V1).
public enum EventType: String, Hashable, Sendable, Codable, CaseIterable {
    /// A message was stored: inbound or outbound, by text or in the app.
    case messageCreated = "message.created"
    /// An outbound message's delivery state moved (C3).
    case messageStatusChanged = "message.status_changed"
    case conversationOpened = "conversation.opened"
    case conversationEnded = "conversation.ended"
    /// A subscription (2-way texting or reminders) of a number changed (O1-O5).
    case subscriptionChanged = "subscription.changed"
    /// The profile bot collected a profile or staff typed one (A4, A5, S4).
    case profileCreated = "profile.created"
}
