/// A client profile (R3, S3, C2): from the PMS directory, an app account, the profile bot or
/// staff.
public struct ClientInfo: Codable, Sendable, Hashable {
    public var id: Int64
    /// Where the profile came from: `pms`, `app`, `bot` or `staff`.
    public var source: String
    /// The PMS's client id, for directory rows.
    public var externalId: String?
    public var firstName: String?
    public var lastName: String?
    /// "First Last" or whichever part is known.
    public var name: String?
    public var email: String?
    /// A5: an email the bot or staff collected is not in the PMS directory; adding it there
    /// gets the client an app invitation.
    public var emailMissingFromPMS: Bool
    public var phones: [ClientPhoneInfo]
    /// Whether a conversation with the client can run in the app (S2).
    public var chat: ChatInfo

    public init(
        id: Int64, source: String, externalId: String?, firstName: String?, lastName: String?, name: String?,
        email: String?, emailMissingFromPMS: Bool, phones: [ClientPhoneInfo], chat: ChatInfo
    ) {
        self.id = id
        self.source = source
        self.externalId = externalId
        self.firstName = firstName
        self.lastName = lastName
        self.name = name
        self.email = email
        self.emailMissingFromPMS = emailMissingFromPMS
        self.phones = phones
        self.chat = chat
    }
}

/// One of a client's numbers and its subscriptions (O4).
public struct ClientPhoneInfo: Codable, Sendable, Hashable {
    /// E.164.
    public var number: String
    /// Subscribed to 2-way texting (false: S6 refuses staff texts).
    public var twoWay: Bool
    /// Subscribed to reminders (E5).
    public var reminders: Bool

    public init(number: String, twoWay: Bool, reminders: Bool) {
        self.number = number
        self.twoWay = twoWay
        self.reminders = reminders
    }
}

/// App chat availability (S2) with its reason in words.
public struct ChatInfo: Codable, Sendable, Hashable {
    public var available: Bool
    /// When not available: `practiceAppChatOff`, `notInstalledOrSignedIn`, `chatDisabled` or
    /// `appOutdated`.
    public var reasonCode: String?
    /// When not available: the reason as staff see it.
    public var reason: String?

    public init(available: Bool, reasonCode: String?, reason: String?) {
        self.available = available
        self.reasonCode = reasonCode
        self.reason = reason
    }
}

/// Clients found by last name (S3).
public struct ClientList: Codable, Sendable, Hashable {
    public var clients: [ClientInfo]
    public init(clients: [ClientInfo]) { self.clients = clients }
}

/// The profile R3's lookup finds for a number, if any.
public struct ProfileInfo: Codable, Sendable, Hashable {
    /// E.164.
    public var phone: String
    /// Nil when the number is unknown (its next text starts the profile bot, A4).
    public var profile: ClientInfo?

    public init(phone: String, profile: ClientInfo?) {
        self.phone = phone
        self.profile = profile
    }
}
