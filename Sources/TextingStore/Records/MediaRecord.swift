import Foundation
import TextingCore

/// One file of a message as the `media` table holds it (R4, R5): what the download service works
/// through and what a media link resolves to.
public struct MediaRecord: Hashable, Sendable {
    /// The file's id (``MediaIdentifier``), also the id in its link.
    public var id: String
    public var messageID: MessageID
    /// Nil for a text to a number of no practice (stored unrouted, D3).
    public var practiceID: PracticeID?
    public var direction: MessageDirection
    /// The attachment as the message lists it: type, name, stored path, state, failure, size.
    public var attachment: MediaAttachment
    /// Download attempts made so far (inbound).
    public var attempts: Int
    /// When a pending download is due next.
    public var nextAttemptAt: Date?
    public var createdAt: Date

    public init(
        id: String, messageID: MessageID, practiceID: PracticeID?, direction: MessageDirection,
        attachment: MediaAttachment, attempts: Int, nextAttemptAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.messageID = messageID
        self.practiceID = practiceID
        self.direction = direction
        self.attachment = attachment
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

/// The outcome of one download attempt, recorded by ``MessageStore/recordMediaDownload(_:outcome:)``.
public enum MediaDownloadOutcome: Sendable, Hashable {
    /// The bytes are on disk at `storedPath` (relative to the media folder); `contentType` is the
    /// type the carrier served them as.
    case stored(storedPath: String, byteCount: Int, contentType: String)
    /// Try again at the given instant (server errors, throttling, connection errors).
    case retry(at: Date, error: String)
    /// Given up; the reason is shown to staff.
    case failed(reason: String)
}

/// Ids of media files: 128 random bits as 32 lower-case hex digits, so neither a file name in
/// the media folder nor a link can be guessed.
public enum MediaIdentifier {
    /// A new random id from the system's secure generator.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    /// Whether `text` has the form of an id (cheap check before any lookup).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
