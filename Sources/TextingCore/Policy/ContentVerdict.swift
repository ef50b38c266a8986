/// The outcome of checking a staff-written message against the content policy (S7).
public enum ContentVerdict: Sendable, Hashable {
    /// No rule matched: the message may be queued.
    case allowed
    /// Only warning rules matched, listed in the order their terms first appear in the message
    /// (one entry per rule and term). The message may be queued only after staff confirm.
    case warn([PolicyMatch])
    /// A blocking rule matched: the message must not be queued or stored as sent. Carries the
    /// blocking match whose term appears first in the message (on a tie, the earlier rule and
    /// term of the policy). Warnings are not reported alongside a block.
    case block(PolicyMatch)

    /// Every match this verdict reports (empty when allowed).
    public var matches: [PolicyMatch] {
        switch self {
        case .allowed: []
        case .warn(let matches): matches
        case .block(let match): [match]
        }
    }

    /// Whether the message may be queued without confirmation.
    public var isAllowed: Bool { self == .allowed }
}
