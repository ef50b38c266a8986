/// What sets apart commands whose arguments are the same: the wire name and the answer.
///
/// Commands that take only a practice (``PracticeOnlyCommand``) or act on one conversation
/// (``ConversationActionCommand``) share one argument type and differ only in their kind, e.g.
/// `typealias HoursShowCommand = PracticeOnlyCommand<HoursShow>`. The arguments encode and decode
/// exactly as a struct of their own with the same properties would.
public protocol ControlCommandKind: Sendable {
    /// What the command answers (``ControlCommand/Result``).
    associatedtype Result: Codable, Sendable
    /// The wire name (``ControlCommand/name``).
    static var name: String { get }
}

/// The arguments of a command that names only its practice: `{"practice":N}`, or `{}` for the
/// daemon's only practice.
public struct PracticeOnlyCommand<Kind: ControlCommandKind>: ControlCommand, PracticeScoped {
    public typealias Result = Kind.Result
    public static var name: String { Kind.name }
    public var practice: Int64?

    public init(practice: Int64?) { self.practice = practice }
}

/// The arguments of a staff action on one active conversation:
/// `{"conversation":N,"practice":N,"staff":"…"}`.
public struct ConversationActionCommand<Kind: ControlCommandKind>: ControlCommand, PracticeScoped, StaffAction {
    public typealias Result = Kind.Result
    public static var name: String { Kind.name }
    public var practice: Int64?
    public var staff: String
    public var conversation: Int64

    public init(practice: Int64?, staff: String, conversation: Int64) {
        self.practice = practice
        self.staff = staff
        self.conversation = conversation
    }
}
