/// `profile.show`: the profile of a number (by `phone`, or the number of `conversation`).
public struct ProfileShowCommand: ControlCommand, PracticeScoped {
    public typealias Result = ProfileInfo
    public static let name = "profile.show"
    public var practice: Int64?
    public var phone: String?
    public var conversation: Int64?

    public init(practice: Int64?, phone: String? = nil, conversation: Int64? = nil) {
        self.practice = practice
        self.phone = phone
        self.conversation = conversation
    }
}

/// `profile.edit`: changes a number's profile for later conversations; stored messages keep
/// their name (C2). A left-out field stays, an empty one is cleared. An email the PMS
/// directory does not hold sets `emailMissingFromPMS` (A5).
public struct ProfileEditCommand: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = ProfileInfo
    public static let name = "profile.edit"
    public var practice: Int64?
    public var staff: String
    public var phone: String?
    public var conversation: Int64?
    public var firstName: String?
    public var lastName: String?
    public var email: String?

    public init(
        practice: Int64?, staff: String, phone: String? = nil, conversation: Int64? = nil, firstName: String? = nil,
        lastName: String? = nil, email: String? = nil
    ) {
        self.practice = practice
        self.staff = staff
        self.phone = phone
        self.conversation = conversation
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
    }
}

/// `subscription.show`: a number's subscriptions and their history (O4).
public struct SubscriptionShowCommand: ControlCommand, PracticeScoped {
    public typealias Result = SubscriptionInfo
    public static let name = "subscription.show"
    public var practice: Int64?
    public var phone: String

    public init(practice: Int64?, phone: String) {
        self.practice = practice
        self.phone = phone
    }
}

/// `subscription.set`: sets 2-way texting and/or reminders for a number; each change is
/// recorded with the staff name (O1, O4).
public struct SubscriptionSetCommand: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = SubscriptionInfo
    public static let name = "subscription.set"
    public var practice: Int64?
    public var staff: String
    public var phone: String
    public var twoWay: Bool?
    public var reminders: Bool?

    public init(practice: Int64?, staff: String, phone: String, twoWay: Bool? = nil, reminders: Bool? = nil) {
        self.practice = practice
        self.staff = staff
        self.phone = phone
        self.twoWay = twoWay
        self.reminders = reminders
    }
}

/// `reminder.send`: sends a health-service reminder or appointment confirmation from the
/// practice's number (E5); a reply within 48 hours carries it (A6).
public struct ReminderSendCommand: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = ReminderInfo
    public static let name = "reminder.send"
    public var practice: Int64?
    public var staff: String
    public var to: String
    public var message: String
    /// Send despite content-policy warnings (S7).
    public var confirm: Bool?

    public init(practice: Int64?, staff: String, to: String, message: String, confirm: Bool? = nil) {
        self.practice = practice
        self.staff = staff
        self.to = to
        self.message = message
        self.confirm = confirm
    }
}
