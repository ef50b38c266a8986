import Foundation

/// A stored message as staff see it (R2, R4, A6, C3).
public struct MessageInfo: Codable, Sendable, Hashable {
    public var id: Int64
    /// `inbound` or `outbound`.
    public var direction: String
    /// `text` or `app`.
    public var channel: String
    /// "Sent via Text" or "Sent from App" (R2).
    public var channelLabel: String
    /// `client`, `staff:<name>`, `system` (automatic replies) or `reminder`.
    public var author: String
    /// The client's name when the message was stored (C2).
    public var clientName: String?
    public var body: String
    public var createdAt: Date
    /// False for a text that arrived while texting was off (E4).
    public var routed: Bool
    /// A6: the reminder this reply answers.
    public var reminderContext: ReminderContextInfo?
    public var media: [MediaInfo]
    /// Outbound only (C3).
    public var delivery: DeliveryInfo?

    public init(
        id: Int64, direction: String, channel: String, channelLabel: String, author: String, clientName: String?,
        body: String, createdAt: Date, routed: Bool, reminderContext: ReminderContextInfo?, media: [MediaInfo],
        delivery: DeliveryInfo?
    ) {
        self.id = id
        self.direction = direction
        self.channel = channel
        self.channelLabel = channelLabel
        self.author = author
        self.clientName = clientName
        self.body = body
        self.createdAt = createdAt
        self.routed = routed
        self.reminderContext = reminderContext
        self.media = media
        self.delivery = delivery
    }
}

/// The reminder a client's reply answers (A6).
public struct ReminderContextInfo: Codable, Sendable, Hashable {
    public var body: String
    public var sentAt: Date

    public init(body: String, sentAt: Date) {
        self.body = body
        self.sentAt = sentAt
    }
}

/// A file attached to a message (R4, R5).
public struct MediaInfo: Codable, Sendable, Hashable {
    public var contentType: String
    public var fileName: String?
    /// Whether the daemon holds the bytes yet (inbound media is fetched after the text is stored).
    public var stored: Bool
    /// The daemon's id of the file (also the id in its link).
    public var id: String?
    /// `pending` (inbound, not fetched yet), `stored` or `failed`.
    public var state: String?
    /// Why the file is not stored: the reason it failed, or the last attempt's error while pending.
    public var failure: String?
    /// Size in bytes once stored.
    public var byteCount: Int?
    /// A signed link that opens the stored file (valid `media.linkLifetimeDays`).
    public var url: String?

    public init(
        contentType: String, fileName: String?, stored: Bool, id: String? = nil, state: String? = nil,
        failure: String? = nil, byteCount: Int? = nil, url: String? = nil
    ) {
        self.contentType = contentType
        self.fileName = fileName
        self.stored = stored
        self.id = id
        self.state = state
        self.failure = failure
        self.byteCount = byteCount
        self.url = url
    }
}

/// The delivery state of an outbound message (C3).
public struct DeliveryInfo: Codable, Sendable, Hashable {
    /// `queued`, `sending`, `sent`, `delivered`, `undelivered` or `failed`.
    public var state: String
    /// The carrier's error code, e.g. 30003.
    public var errorCode: Int?
    /// The error in plain words, e.g. "The handset is unreachable …".
    public var explanation: String?

    public init(state: String, errorCode: Int?, explanation: String?) {
        self.state = state
        self.errorCode = errorCode
        self.explanation = explanation
    }
}
