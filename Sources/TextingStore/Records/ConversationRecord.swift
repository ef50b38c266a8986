import Foundation
import TextingCore

/// A stored conversation (S1, C1) with the per-conversation state the automatic replies need.
public struct ConversationRecord: Hashable, Sendable, Codable {
    public var id: ConversationID
    public var practiceID: PracticeID
    public var phone: PhoneNumber
    public var clientID: ClientID?
    public var title: String
    public var channel: Channel
    public var isActive: Bool
    public var createdAt: Date
    public var endedAt: Date?
    /// A1: the end of the closed period for which the after-hours reply was already sent.
    public var afterHoursRepliedFor: Date?
    /// A2: staff acted while closed; no after-hours reply until this instant (the next opening).
    public var afterHoursOverrideUntil: Date?
    /// A4: the profile bot's progress, while it runs or after it finished.
    public var bot: ProfileCollection?
    /// P2: the newest message the pet owner has read in the app, if any (the client's own mark,
    /// apart from the front desk's); only ``AppChannelStore/markReadByClient(conversation:through:at:)``
    /// moves it, and a session's writes leave it alone.
    public var clientReadThrough: MessageID?
    /// When ``clientReadThrough`` was set.
    public var clientReadAt: Date?

    public init(
        id: ConversationID, practiceID: PracticeID, phone: PhoneNumber, clientID: ClientID?,
        title: String, channel: Channel, isActive: Bool, createdAt: Date, endedAt: Date? = nil,
        afterHoursRepliedFor: Date? = nil, afterHoursOverrideUntil: Date? = nil, bot: ProfileCollection? = nil,
        clientReadThrough: MessageID? = nil, clientReadAt: Date? = nil
    ) {
        self.id = id
        self.practiceID = practiceID
        self.phone = phone
        self.clientID = clientID
        self.title = title
        self.channel = channel
        self.isActive = isActive
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.afterHoursRepliedFor = afterHoursRepliedFor
        self.afterHoursOverrideUntil = afterHoursOverrideUntil
        self.bot = bot
        self.clientReadThrough = clientReadThrough
        self.clientReadAt = clientReadAt
    }
}
