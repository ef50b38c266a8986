import Foundation

/// Where a client's name came from. The cases are in R3's lookup order: a number found in the
/// PMS directory is named from there even if the bot also collected a name for it.
public enum ProfileSource: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case pms
    case app
    case bot
    case staff

    /// Lower is looked up first (R3).
    public var lookupOrder: Int {
        switch self {
        case .pms: 0
        case .app: 1
        case .bot, .staff: 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.lookupOrder < b.lookupOrder }
}

/// A client as the practice knows them: from the PMS export, an app account, the profile bot
/// or staff typing a number (R3, S4, A4).
public struct ClientProfile: Hashable, Sendable, Codable {
    public var id: ClientID
    public var practiceID: PracticeID
    public var source: ProfileSource
    /// The PMS's own client id, for directory rows.
    public var externalID: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phones: [PhoneNumber]
    /// The mobile app account, when the client has one (S2).
    public var app: AppAccount?
    /// A5: the bot collected an email the PMS directory does not hold: a chance to add it.
    public var emailMissingFromPMS: Bool

    public init(
        id: ClientID, practiceID: PracticeID, source: ProfileSource, externalID: String? = nil,
        firstName: String? = nil, lastName: String? = nil, email: String? = nil,
        phones: [PhoneNumber] = [], app: AppAccount? = nil, emailMissingFromPMS: Bool = false
    ) {
        self.id = id
        self.practiceID = practiceID
        self.source = source
        self.externalID = externalID
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phones = phones
        self.app = app
        self.emailMissingFromPMS = emailMissingFromPMS
    }

    /// "First Last", or whichever part is known; nil when neither is.
    public var displayName: String? {
        let parts = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
