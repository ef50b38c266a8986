import TextingCore

/// The practice platform (the PMS and its app backend) calling the platform API with one
/// practice's bearer token. A type of its own, not a case of ``Caller``: the platform may do only
/// the few things its methods take it for (the directory by API, reminders), and a check such as
/// `if case .account` elsewhere can never let it through by accident. Its token decides its
/// practice; nothing of another practice is visible to it (W2).
public struct PlatformCaller: Sendable, Hashable, CustomStringConvertible {
    /// The practice whose token was presented.
    public let practice: PracticeID

    public init(practice: PracticeID) {
        self.practice = practice
    }

    public var description: String { "platform of practice \(practice)" }

    /// The author recorded with what the platform does.
    var author: String { "Practice platform" }
}
