import Foundation
import TextingCore

/// A reminder the practice platform asked for (E5, Q1), remembered under its idempotency key:
/// held until its send time, claimed by one scheduler, then sent or refused. Its answer to the
/// platform is kept as it was first given, so a repeat of the request returns it unchanged.
public struct ScheduledReminder: Sendable, Hashable {
    /// Where a requested reminder is.
    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting for its send time (quiet hours, Q1).
        case scheduled
        /// Claimed by a sender until ``ScheduledReminder/claimedUntil``; being sent now.
        case sending
        /// Texted (its message is ``ScheduledReminder/messageID``).
        case sent
        /// Not texted: refused at send time (opted out, no number); the reason is kept.
        case refused
    }

    /// The request's id (the platform's answer names it).
    public var id: Int64
    /// The practice whose token asked for it.
    public var practiceID: PracticeID
    /// The request's `Idempotency-Key`, unique per practice.
    public var key: String
    /// A digest of the request's content: a repeat with another content under the same key is refused.
    public var fingerprint: String
    /// The client's number.
    public var phone: PhoneNumber
    /// The text.
    public var body: String
    /// `reminder` or `confirmation`.
    public var kind: String
    /// The client's id in the practice-management software, when given.
    public var pmsClientID: String?
    /// When the platform asked for it.
    public var requestedAt: Date
    /// When it may be texted (the end of the client's quiet hours, or the request's time).
    public var sendAt: Date
    /// The IANA zone `sendAt` is told in: the client's, or the practice's when ambiguous.
    public var timeZone: String
    /// Where it is now.
    public var state: State
    /// Until when a ``State/sending`` claim holds; an expired claim may be taken again.
    public var claimedUntil: Date?
    /// When the current or last claim was taken (to recognise a send that finished unmarked).
    public var claimedAt: Date?
    /// The message it became, once sent.
    public var messageID: MessageID?
    /// Why it was refused: a `TextingError` code and message.
    public var refusalCode: String?
    /// The refusal in words.
    public var refusalMessage: String?

    public init(
        id: Int64 = 0, practiceID: PracticeID, key: String, fingerprint: String, phone: PhoneNumber, body: String,
        kind: String, pmsClientID: String?, requestedAt: Date, sendAt: Date, timeZone: String, state: State,
        claimedUntil: Date? = nil, claimedAt: Date? = nil, messageID: MessageID? = nil, refusalCode: String? = nil,
        refusalMessage: String? = nil
    ) {
        self.id = id
        self.practiceID = practiceID
        self.key = key
        self.fingerprint = fingerprint
        self.phone = phone
        self.body = body
        self.kind = kind
        self.pmsClientID = pmsClientID
        self.requestedAt = requestedAt
        self.sendAt = sendAt
        self.timeZone = timeZone
        self.state = state
        self.claimedUntil = claimedUntil
        self.claimedAt = claimedAt
        self.messageID = messageID
        self.refusalCode = refusalCode
        self.refusalMessage = refusalMessage
    }
}
