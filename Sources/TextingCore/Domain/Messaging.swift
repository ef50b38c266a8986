import Foundation

/// How a message travelled (R2).
public enum Channel: String, Hashable, Sendable, Codable {
    case text
    case app

    /// The label staff see beside a message (R2).
    public var label: String {
        switch self {
        case .text: "Sent via Text"
        case .app: "Sent from App"
        }
    }
}

/// Direction of a stored message, seen from the practice.
public enum MessageDirection: String, Hashable, Sendable, Codable {
    case inbound
    case outbound
}

/// Who wrote a message.
public enum MessageAuthor: Hashable, Sendable, Codable, CustomStringConvertible {
    case client
    case staff(String)
    /// Automatic replies: after hours, profile questions, keyword confirmations.
    case system
    /// Reminders and appointment confirmations (E5).
    case reminder

    public var description: String {
        switch self {
        case .client: "client"
        case .staff(let name): "staff:\(name)"
        case .system: "system"
        case .reminder: "reminder"
        }
    }

    /// Parses the form written by ``description``.
    public init(parsing text: String) {
        switch text {
        case "client": self = .client
        case "system": self = .system
        case "reminder": self = .reminder
        default:
            self = text.hasPrefix("staff:") ? .staff(String(text.dropFirst(6))) : .system
        }
    }
}

/// Delivery state of an outbound message (C3). Ordered: a later state never moves back to an
/// earlier one (a late `sent` callback does not overwrite `delivered`).
public enum DeliveryState: String, Hashable, Sendable, Codable, CaseIterable {
    case queued
    case sending
    case sent
    case delivered
    case undelivered
    case failed

    /// Position in the forward-only order; `undelivered` and `failed` are both final.
    public var rank: Int {
        switch self {
        case .queued: 0
        case .sending: 1
        case .sent: 2
        case .delivered, .undelivered, .failed: 3
        }
    }

    /// Whether moving from `self` to `next` is a forward move (or a change between final states
    /// that reports a failure after a delivery, which never happens and is refused).
    public func canAdvance(to next: DeliveryState) -> Bool { next.rank > rank }
}

/// A file attached to a message (R4, R5).
///
/// Inbound media start ``MediaState/pending`` with the carrier's ``sourceURL`` and are fetched
/// by the daemon after the text is acknowledged; outbound media are stored before the message
/// is queued. Values stored before these fields existed decode with the state their
/// ``storedPath`` implies (stored when set, else pending) and no id.
public struct MediaAttachment: Hashable, Sendable, Codable {
    public var contentType: String
    /// Where the daemon keeps the bytes, relative to its media folder; nil while pending download.
    public var storedPath: String?
    /// The carrier's URL for inbound media (fetched after the text is acknowledged).
    public var sourceURL: String?
    public var fileName: String?
    /// The daemon's id of the file: 32 lower-case hex digits (128 random bits). It names the file
    /// on disk and is the id in the file's link (R5). Nil until the store assigns one.
    public var id: String?
    /// Whether the daemon holds the bytes (R4).
    public var state: MediaState
    /// Why the file could not be stored, in words, when ``state`` is ``MediaState/failed``.
    public var failure: String?
    /// The size of the stored file in bytes.
    public var byteCount: Int?

    public init(
        contentType: String, storedPath: String? = nil, sourceURL: String? = nil, fileName: String? = nil,
        id: String? = nil, state: MediaState? = nil, failure: String? = nil, byteCount: Int? = nil
    ) {
        self.contentType = contentType
        self.storedPath = storedPath
        self.sourceURL = sourceURL
        self.fileName = fileName
        self.id = id
        self.state = state ?? (storedPath == nil ? .pending : .stored)
        self.failure = failure
        self.byteCount = byteCount
    }

    private enum CodingKeys: String, CodingKey {
        case contentType, storedPath, sourceURL, fileName, id, state, failure, byteCount
    }

    /// Reads the current form and the one written before `id`, `state`, `failure` and
    /// `byteCount` existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            contentType: try container.decode(String.self, forKey: .contentType),
            storedPath: try container.decodeIfPresent(String.self, forKey: .storedPath),
            sourceURL: try container.decodeIfPresent(String.self, forKey: .sourceURL),
            fileName: try container.decodeIfPresent(String.self, forKey: .fileName),
            id: try container.decodeIfPresent(String.self, forKey: .id),
            state: try container.decodeIfPresent(MediaState.self, forKey: .state),
            failure: try container.decodeIfPresent(String.self, forKey: .failure),
            byteCount: try container.decodeIfPresent(Int.self, forKey: .byteCount))
    }
}

/// Limits every carrier applies to a text.
public enum TextLimits {
    /// The longest body a carrier accepts, in characters (Twilio error 21617 beyond it).
    public static let maximumBodyCharacters = 1600
}
