import TextingCore

/// A batch decided from a session state that another daemon sharing the store has changed
/// since (M1): nothing of it was written. The phone session reloads its state from the store
/// and decides again; the text or action is not lost.
public struct SessionChanged: Error, Sendable, CustomStringConvertible {
    public var practiceID: PracticeID
    public var phone: PhoneNumber

    public init(practiceID: PracticeID, phone: PhoneNumber) {
        self.practiceID = practiceID
        self.phone = phone
    }

    public var description: String { "session of practice \(practiceID) and \(phone.masked) changed on another daemon" }
}
