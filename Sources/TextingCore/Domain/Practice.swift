import Foundation

/// A veterinary practice, one tenant of the daemon (E1).
public struct Practice: Hashable, Sendable, Codable {
    public var id: PracticeID
    public var name: String
    public var country: PhoneCountry
    public var timeZone: TimeZone
    /// The voice number calls are forwarded to (E6).
    public var practicePhone: PhoneNumber
    /// The number named in the after-hours reply (A1).
    public var emergencyPhone: PhoneNumber
    public var appChatEnabled: Bool
    /// The 2-way texting toggle (E3); only meaningful once a number is assigned or ported.
    public var textingEnabled: Bool
    public var number: TextingNumber
    /// Conversation hours (A3); `nil` means none configured, which is treated as always open so
    /// a new practice never sends after-hours replies by surprise.
    public var hours: ConversationHours?

    public init(
        id: PracticeID, name: String, country: PhoneCountry, timeZone: TimeZone,
        practicePhone: PhoneNumber, emergencyPhone: PhoneNumber,
        appChatEnabled: Bool = false, textingEnabled: Bool = false,
        number: TextingNumber = .none, hours: ConversationHours? = nil
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.timeZone = timeZone
        self.practicePhone = practicePhone
        self.emergencyPhone = emergencyPhone
        self.appChatEnabled = appChatEnabled
        self.textingEnabled = textingEnabled
        self.number = number
        self.hours = hours
    }

    /// Whether inbound texts to this practice are routed (E4): texting enabled and a number in use.
    public var routesInbound: Bool { textingEnabled && number.usable != nil }
}

/// The state of a practice's texting number (E1, E2, E7).
public enum TextingNumber: Hashable, Sendable, Codable {
    case none
    /// A dedicated toll-free number from the carrier (E2).
    case assigned(PhoneNumber)
    /// The practice asked to text from its own number; the port is in progress (E7).
    case portRequested(PhoneNumber, carrier: String)
    /// The practice's own number now carries its texts (E7).
    case ported(PhoneNumber)

    /// The number inbound texts arrive on and outbound texts leave from, once usable.
    public var usable: PhoneNumber? {
        switch self {
        case .assigned(let n), .ported(let n): n
        case .none, .portRequested: nil
        }
    }

    /// A short name for the state: `none`, `assigned`, `port_requested`, `ported`.
    public var stateName: String {
        switch self {
        case .none: "none"
        case .assigned: "assigned"
        case .portRequested: "port_requested"
        case .ported: "ported"
        }
    }
}
