import TextingCore

/// Who the pet owner's app speaks for (P1): a client of one practice, as a verified app token
/// names them. Not a ``Caller``: the app sees and does only what ``Operations``' app calls allow
/// (its own client's conversations), never what staff do.
public struct AppClient: Sendable, Hashable, CustomStringConvertible {
    /// The practice whose platform signed the token.
    public var practice: PracticeID
    /// The client's id in the practice's PMS directory (the token's `sub`).
    public var pmsClientID: String

    public init(practice: PracticeID, pmsClientID: String) {
        self.practice = practice
        self.pmsClientID = pmsClientID
    }

    public var description: String { "app client \(pmsClientID) (practice \(practice))" }
}
