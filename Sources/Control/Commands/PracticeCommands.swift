/// `practice.add`: creates a practice (E1) with app chat and texting off and no number.
public struct PracticeAddCommand: ControlCommand {
    public typealias Result = PracticeInfo
    public static let name = "practice.add"
    public var name: String
    /// `US` or `CA`.
    public var country: String
    /// IANA zone, e.g. `America/Chicago`.
    public var timeZone: String
    /// Any usual form, e.g. `(312) 555-0100`.
    public var practicePhone: String
    public var emergencyPhone: String

    public init(name: String, country: String, timeZone: String, practicePhone: String, emergencyPhone: String) {
        self.name = name
        self.country = country
        self.timeZone = timeZone
        self.practicePhone = practicePhone
        self.emergencyPhone = emergencyPhone
    }
}

/// `practice.list`: every practice.
public struct PracticeListCommand: ControlCommand {
    public typealias Result = PracticeList
    public static let name = "practice.list"
    public init() {}
}

/// `practice.remove`: deletes a practice that was never used (no conversation, message, client,
/// staff account, queued text or charge), such as a demo practice created by mistake. The id is
/// required: it is never the "only practice" default.
public struct PracticeRemoveCommand: ControlCommand {
    public typealias Result = PracticeList
    public static let name = "practice.remove"
    public var practice: Int64

    public init(practice: Int64) { self.practice = practice }
}

/// `practice.show`: one practice.
public typealias PracticeShowCommand = PracticeOnlyCommand<PracticeShow>
public enum PracticeShow: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "practice.show"
}

/// `practice.set`: changes the given E1 settings; left-out members stay as they are.
public struct PracticeSetCommand: ControlCommand, PracticeScoped {
    public typealias Result = PracticeInfo
    public static let name = "practice.set"
    public var practice: Int64?
    public var name: String?
    public var country: String?
    /// Also moves the conversation hours to the new zone (same wall-clock times).
    public var timeZone: String?
    public var practicePhone: String?
    public var emergencyPhone: String?

    public init(
        practice: Int64?, name: String? = nil, country: String? = nil, timeZone: String? = nil,
        practicePhone: String? = nil, emergencyPhone: String? = nil
    ) {
        self.practice = practice
        self.name = name
        self.country = country
        self.timeZone = timeZone
        self.practicePhone = practicePhone
        self.emergencyPhone = emergencyPhone
    }
}

/// `app-chat.enable`: turns the app chat feature on (a prerequisite of `number.request`, E2).
public typealias AppChatEnableCommand = PracticeOnlyCommand<AppChatEnable>
public enum AppChatEnable: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "app-chat.enable"
}

/// `app-chat.disable`: turns app chat off; conversations then go by text (S2). An assigned
/// number stays.
public typealias AppChatDisableCommand = PracticeOnlyCommand<AppChatDisable>
public enum AppChatDisable: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "app-chat.disable"
}

/// `texting.enable`: turns 2-way texting on (E3); refused until a number is assigned or ported.
public typealias TextingEnableCommand = PracticeOnlyCommand<TextingEnable>
public enum TextingEnable: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "texting.enable"
}

/// `texting.disable`: turns 2-way texting off; later texts are stored unrouted (E4).
public typealias TextingDisableCommand = PracticeOnlyCommand<TextingDisable>
public enum TextingDisable: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "texting.disable"
}
