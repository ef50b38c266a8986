/// One command of the control protocol: its arguments are the conforming type's stored
/// properties (the request's `args` object) and its answer is ``Result`` (the response's `result`).
///
/// Both sides share these types, so the daemon and `twowayctl` cannot disagree on a field.
/// Optional properties may be left out of `args`; a command without arguments may leave out
/// `args` altogether.
public protocol ControlCommand: Codable, Sendable {
    /// What the command answers.
    associatedtype Result: Codable, Sendable
    /// The wire name, e.g. `conversation.reply`.
    static var name: String { get }
}

/// Arguments shared by commands that act for a practice: the practice's id. Left out, the daemon
/// uses its only practice and refuses when it has several.
public protocol PracticeScoped {
    var practice: Int64? { get }
}

/// Arguments shared by commands that act as a staff member: the name recorded with what they do
/// (`twowayctl --as`, default `$USER`).
public protocol StaffAction {
    var staff: String { get }
}
