import Foundation

/// One client of the PMS directory as the practice-management software sends it, checked by the
/// rules every door shares (the CSV import and the platform API's `PUT /api/v1/clients/{id}`):
/// a client id without control characters, names and email without U+0000, US or Canadian
/// phones (E8), one valid email (A5), the app's state (S2). R3 then names texts from the profile.
public struct DirectoryEntry: Sendable, Hashable {
    /// The client's id in the practice-management software.
    public var clientID: String
    /// Empty when the directory has none.
    public var firstName: String
    /// Empty when the directory has none.
    public var lastName: String
    /// Empty when the directory has none.
    public var email: String
    /// The phones as typed (any usual form); duplicates are stored once.
    public var phones: [String]
    /// The client has the app (S2).
    public var appInstalled: Bool
    /// The client is signed in to it (S2).
    public var appSignedIn: Bool
    /// Empty when unknown.
    public var appVersion: String
    /// Staff disabled chat for this client (S2).
    public var chatDisabled: Bool

    public init(
        clientID: String, firstName: String = "", lastName: String = "", email: String = "", phones: [String] = [],
        appInstalled: Bool = false, appSignedIn: Bool = false, appVersion: String = "", chatDisabled: Bool = false
    ) {
        self.clientID = clientID
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phones = phones
        self.appInstalled = appInstalled
        self.appSignedIn = appSignedIn
        self.appVersion = appVersion
        self.chatDisabled = chatDisabled
    }

    /// The field a problem is about; each door names it in its own words.
    public enum Field: Sendable, Hashable {
        case clientID, firstName, lastName, email, phones, appVersion
    }

    /// One thing wrong with an entry: the field and what is wrong, without the field's name
    /// (`is missing`, `1 of 2: …`).
    public struct Problem: Sendable, Hashable {
        /// The field it is about.
        public var field: Field
        /// What is wrong, without the field's name.
        public var detail: String
    }

    /// The longest PMS client id accepted, in characters (a PMS's ids are short; an app token
    /// names the client by it).
    public static let maximumClientIDLength = 200

    /// Every problem of one entry, in field order.
    public struct Problems: Error, Sendable, Hashable {
        /// The problems, in field order.
        public var list: [Problem]
    }

    /// The entry as a PMS profile of `practice`, or every problem found (in field order).
    public func profile(practice: PracticeID) -> Result<ClientProfile, Problems> {
        var problems: [Problem] = []
        if clientID.isEmpty { problems.append(Problem(field: .clientID, detail: "is missing")) }
        // Issue 11: an id with a control character is malformed; U+0000 cannot be stored.
        if clientID.containsControlCharacter {
            problems.append(Problem(field: .clientID, detail: "contains a control character"))
        }
        if clientID.count > Self.maximumClientIDLength {
            problems.append(Problem(field: .clientID, detail: "is longer than \(Self.maximumClientIDLength) characters"))
        }
        for (field, text) in [(Field.firstName, firstName), (.lastName, lastName), (.email, email)] where text.utf8.contains(0) {
            problems.append(Problem(field: field, detail: "contains a NUL character (U+0000), which cannot be stored"))
        }
        var numbers: [PhoneNumber] = []
        let texts = phones.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (index, text) in texts.enumerated() {
            do {
                let phone = try PhoneNumber(parsing: text)
                if !numbers.contains(phone) { numbers.append(phone) }
            } catch {
                problems.append(Problem(field: .phones, detail: "\(index + 1) of \(texts.count): \(error.message)"))
            }
        }
        var address: String?
        if !email.isEmpty {
            address = EmailAddress(email)?.value
            if address == nil { problems.append(Problem(field: .email, detail: "is not one valid address")) }
        }
        var version: AppVersion?
        if !appVersion.isEmpty {
            version = AppVersion(appVersion)
            if version == nil { problems.append(Problem(field: .appVersion, detail: "must be dotted numbers such as 3.12.1")) }
        }
        guard problems.isEmpty else { return .failure(Problems(list: problems)) }
        let hasApp = appInstalled || appSignedIn || chatDisabled || version != nil
        return .success(ClientProfile(
            id: ClientID(0), practiceID: practice, source: .pms, externalID: clientID,
            firstName: firstName.isEmpty ? nil : firstName, lastName: lastName.isEmpty ? nil : lastName, email: address,
            phones: numbers,
            app: hasApp ? AppAccount(installed: appInstalled, signedIn: appSignedIn, appVersion: version, chatDisabled: chatDisabled)
                : nil))
    }
}
