import Foundation
import TextingCore

/// The body of an event as posted to an endpoint, in the Standard Webhooks shape:
/// `{"type": "message.created", "timestamp": "2026-12-07T12:00:00Z", "data": {…}}` (V1).
///
/// Ids are the daemon's integers; phone numbers are E.164; times are ISO-8601 UTC. Members
/// without a value are left out.
public struct EventEnvelope<Data: Codable & Sendable>: Codable, Sendable {
    public var type: String
    /// When the change happened, ISO-8601 UTC.
    public var timestamp: String
    public var data: Data

    public init(type: EventType, at: Date, data: Data) {
        self.type = type.rawValue
        self.timestamp = EventPayload.timestamp(at)
        self.data = data
    }
}

/// The `data` of each event type.
public enum EventPayload {
    /// ISO-8601 UTC with whole seconds, e.g. `2026-12-07T12:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Who wrote a message: `client`, `staff` (with the staff member's name), `system` (automatic
    /// replies and the profile bot) or `reminder`.
    public struct Author: Codable, Sendable, Hashable {
        public var kind: String
        public var name: String?

        public init(_ author: MessageAuthor) {
            switch author {
            case .client: kind = "client"
            case .staff(let staff): kind = "staff"; name = staff
            case .system: kind = "system"
            case .reminder: kind = "reminder"
            }
        }
    }

    /// A file of a message (R4, R5).
    public struct Media: Codable, Sendable, Hashable {
        public var id: String?
        public var contentType: String
        public var fileName: String?

        public init(_ media: MediaAttachment) {
            id = media.id
            contentType = media.contentType
            fileName = media.fileName
        }
    }

    /// `message.created`.
    public struct MessageCreated: Codable, Sendable, Hashable {
        public var messageId: Int64
        public var practiceId: Int64
        /// Nil for messages outside any conversation (reminders, texts to a number whose texting is off).
        public var conversationId: Int64?
        public var phone: String
        /// `inbound` or `outbound`.
        public var direction: String
        /// `text` or `app` (R2).
        public var channel: String
        public var author: Author
        public var clientName: String?
        public var body: String
        public var media: [Media]
        /// Outbound texts: `queued` when created.
        public var deliveryState: String?
        public var createdAt: String
    }

    /// `message.status_changed` (C3).
    public struct MessageStatusChanged: Codable, Sendable, Hashable {
        public var messageId: Int64
        public var practiceId: Int64
        public var conversationId: Int64?
        public var phone: String
        public var channel: String
        /// `sent`, `delivered`, `undelivered` or `failed`.
        public var deliveryState: String
        public var errorCode: Int?
        /// The carrier error in plain words.
        public var errorExplanation: String?
    }

    /// `conversation.opened` and `conversation.ended`.
    public struct ConversationChanged: Codable, Sendable, Hashable {
        public var conversationId: Int64
        public var practiceId: Int64
        public var phone: String
        public var title: String
        public var channel: String
        public var clientId: Int64?
        public var openedAt: String
        public var endedAt: String?
    }

    /// `subscription.changed` (O1-O5).
    public struct SubscriptionChanged: Codable, Sendable, Hashable {
        public var practiceId: Int64
        public var phone: String
        public var conversationId: Int64?
        /// `two_way` or `reminders`.
        public var kind: String
        public var subscribed: Bool
        /// `client`, `staff:<name>` or `carrier`.
        public var actor: String
        /// How, e.g. `keyword STOP`.
        public var method: String
        public var at: String
    }

    /// `profile.created` (A4, A5, S4).
    public struct ProfileCreated: Codable, Sendable, Hashable {
        public var clientId: Int64
        public var practiceId: Int64
        public var phone: String
        public var conversationId: Int64?
        /// `bot` (collected by the profile questions) or `staff` (typed by staff).
        public var source: String
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        /// True when the email is not in the PMS directory: a chance to add it and invite the
        /// client to the app (A5).
        public var emailMissingFromPMS: Bool
    }
}
