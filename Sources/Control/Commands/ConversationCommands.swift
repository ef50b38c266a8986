/// `conversation.list`: the practice's active conversations, or all with `all: true` (C1).
public struct ConversationListCommand: ControlCommand, PracticeScoped {
    public typealias Result = ConversationList
    public static let name = "conversation.list"
    public var practice: Int64?
    public var all: Bool?

    public init(practice: Int64?, all: Bool? = nil) {
        self.practice = practice
        self.all = all
    }
}

/// `conversation.show`: one conversation with every message, its channel (R2), reminder
/// context (A6) and delivery state with the carrier's error explained (C3).
public struct ConversationShowCommand: ControlCommand, PracticeScoped {
    public typealias Result = ConversationDetail
    public static let name = "conversation.show"
    public var practice: Int64?
    public var conversation: Int64

    public init(practice: Int64?, conversation: Int64) {
        self.practice = practice
        self.conversation = conversation
    }
}

/// `conversation.start`: opens a conversation with a number (S1–S7), in the app when the
/// client can chat there (S2), else by text. `firstName` and `lastName` together create the
/// profile of an unknown number (S4).
public struct ConversationStartCommand: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = StaffMessageInfo
    public static let name = "conversation.start"
    public var practice: Int64?
    public var staff: String
    /// The client's number, any usual form.
    public var to: String
    public var firstName: String?
    public var lastName: String?
    public var title: String
    /// An optional first message.
    public var message: String?
    /// Send despite content-policy warnings (S7).
    public var confirm: Bool?
    /// Ids of finished `media.upload`s; each is sent as its own link message after `message` (R5).
    public var attachments: [String]?

    public init(
        practice: Int64?, staff: String, to: String, firstName: String? = nil, lastName: String? = nil,
        title: String, message: String? = nil, confirm: Bool? = nil, attachments: [String]? = nil
    ) {
        self.practice = practice
        self.staff = staff
        self.to = to
        self.firstName = firstName
        self.lastName = lastName
        self.title = title
        self.message = message
        self.confirm = confirm
        self.attachments = attachments
    }
}

/// `conversation.reply`: a staff message in an active conversation (S6, S7, A2; stops the
/// profile bot, A4), and/or files (R5).
public struct ConversationReplyCommand: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = StaffMessageInfo
    public static let name = "conversation.reply"
    public var practice: Int64?
    public var staff: String
    public var conversation: Int64
    /// The staff's text; may be left out (or empty) when `attachments` are given.
    public var message: String?
    public var confirm: Bool?
    /// Ids of finished `media.upload`s; each is sent as its own link message after `message` (R5).
    public var attachments: [String]?

    public init(
        practice: Int64?, staff: String, conversation: Int64, message: String?, confirm: Bool? = nil,
        attachments: [String]? = nil
    ) {
        self.practice = practice
        self.staff = staff
        self.conversation = conversation
        self.message = message
        self.confirm = confirm
        self.attachments = attachments
    }
}

/// `conversation.end`: ends an active conversation; the number's next text opens a new one (C1).
public typealias ConversationEndCommand = ConversationActionCommand<ConversationEnd>
public enum ConversationEnd: ControlCommandKind {
    public typealias Result = ConversationEndInfo
    public static let name = "conversation.end"
}

/// `conversation.opt-out`: opts the conversation's number out of 2-way texting, not of
/// reminders (O1). Only from an active conversation.
public typealias ConversationOptOutCommand = ConversationActionCommand<ConversationOptOut>
public enum ConversationOptOut: ControlCommandKind {
    public typealias Result = SubscriptionInfo
    public static let name = "conversation.opt-out"
}
