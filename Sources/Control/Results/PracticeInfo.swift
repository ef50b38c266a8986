/// A practice as admins see it (E1).
public struct PracticeInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String
    /// `US` or `CA`.
    public var country: String
    /// IANA zone, e.g. `America/New_York`.
    public var timeZone: String
    /// The voice number calls to the texting number are forwarded to (E6), E.164.
    public var practicePhone: String
    /// The number named in the after-hours reply (A1), E.164.
    public var emergencyPhone: String
    /// The app chat feature flag; a number can be requested only while it is on (E2).
    public var appChat: Bool
    /// The 2-way texting toggle (E3).
    public var texting: Bool
    public var number: NumberInfo
    /// Whether conversation hours are set; without them the practice is always open (A3).
    public var hoursConfigured: Bool

    public init(
        id: Int64, name: String, country: String, timeZone: String, practicePhone: String, emergencyPhone: String,
        appChat: Bool, texting: Bool, number: NumberInfo, hoursConfigured: Bool
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.timeZone = timeZone
        self.practicePhone = practicePhone
        self.emergencyPhone = emergencyPhone
        self.appChat = appChat
        self.texting = texting
        self.number = number
        self.hoursConfigured = hoursConfigured
    }
}

/// A practice's texting number and its state (E1, E2, E7).
public struct NumberInfo: Codable, Sendable, Hashable {
    /// `none`, `assigned`, `port_requested` or `ported`.
    public var state: String
    /// The number in E.164, except in state `none`.
    public var number: String?
    /// The practice's current carrier, in state `port_requested`.
    public var portCarrier: String?

    public init(state: String, number: String?, portCarrier: String?) {
        self.state = state
        self.number = number
        self.portCarrier = portCarrier
    }
}

/// Every practice, by id.
public struct PracticeList: Codable, Sendable, Hashable {
    public var practices: [PracticeInfo]
    public init(practices: [PracticeInfo]) { self.practices = practices }
}

/// An accepted own-number request (E7): the practice, now in state `port_requested`, and the
/// one-time fee recorded for it.
public struct PortRequestInfo: Codable, Sendable, Hashable {
    public var practice: PracticeInfo
    /// The setup fee recorded, in cents (29900 = $299.00).
    public var feeCents: Int

    public init(practice: PracticeInfo, feeCents: Int) {
        self.practice = practice
        self.feeCents = feeCents
    }
}
