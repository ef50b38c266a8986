import Foundation
import TextingStore

/// The answer to `POST /api/v1/reminders`: sent now or scheduled for the end of the client's
/// quiet hours (Q1), told on the client's clock (`2026-06-10T08:00:00-07:00`) with the zone's name.
public struct PlatformReminderInfo: Codable, Sendable, Hashable {
    /// The request's id.
    public var id: Int64
    /// `sent` or `scheduled`.
    public var status: String
    /// When it was or will be texted: ISO 8601 with the offset of ``timeZone`` at that time.
    public var scheduledFor: String
    /// The IANA zone of ``scheduledFor``: the client's, or the practice's when the number's area
    /// code spans several zones.
    public var timeZone: String
    /// The message, once sent at once.
    public var messageId: Int64?

    /// The first answer for `reminder`: `scheduled` when it was held at the request.
    public init(_ reminder: ScheduledReminder) {
        id = reminder.id
        let held = reminder.sendAt > reminder.requestedAt
        status = held ? "scheduled" : "sent"
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: reminder.timeZone) ?? TimeZone(secondsFromGMT: 0)
        formatter.formatOptions = [.withInternetDateTime]
        scheduledFor = formatter.string(from: reminder.sendAt)
        timeZone = reminder.timeZone
        messageId = held ? nil : reminder.messageID?.rawValue
    }
}
