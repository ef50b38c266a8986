/// The chat bot that asks an unknown number for a first name, a last name and an email (A4).
///
/// The bot asks three questions in order and moves on after every answer, whether the answer was
/// stored or not (see ``NameAnswer`` and ``EmailAddress`` for what is stored). A staff reply stops
/// it at once (``staffReplied()``); whatever valid answers it has are kept.
///
/// The state is a value: the caller stores it with the conversation and sends the returned
/// questions. Keywords (``Keyword``) are the caller's to handle before an answer reaches here.
public struct ProfileCollection: Hashable, Sendable, Codable {
    /// Where the collection is.
    public enum Step: String, Sendable, Codable {
        /// Question 1 was sent; the next client text is the first name.
        case awaitingFirstName
        /// Question 2 was sent; the next client text is the last name.
        case awaitingLastName
        /// Question 3 was sent; the next client text is the email address.
        case awaitingEmail
        /// All three answers were received (stored or not).
        case finished
        /// Staff replied during collection; no more questions (A4).
        case stoppedByStaff
    }

    /// The current step.
    public private(set) var step: Step
    /// The first name, when a valid one was given.
    public private(set) var firstName: String?
    /// The last name, when a valid one was given.
    public private(set) var lastName: String?
    /// The email address (domain lower-cased), when a valid one was given.
    public private(set) var email: String?

    private init() {
        step = .awaitingFirstName
    }

    /// Begins collection; returns the state and question 1 to send.
    public static func start() -> (ProfileCollection, question: String) {
        (ProfileCollection(), Replies.profileQuestion1)
    }

    /// Whether the bot still expects an answer (one of the `awaiting…` steps).
    public var isActive: Bool {
        switch step {
        case .awaitingFirstName, .awaitingLastName, .awaitingEmail: true
        case .finished, .stoppedByStaff: false
        }
    }

    /// Whether the bot finished all three questions (not stopped by staff).
    public var isComplete: Bool { step == .finished }

    /// Feeds the client's answer to the current question; stores it only if valid; returns the
    /// next question to send, or `nil` when the collection is now finished (or was not active,
    /// in which case nothing changes).
    public mutating func receive(_ answer: String) -> String? {
        switch step {
        case .awaitingFirstName:
            firstName = NameAnswer.normalized(answer)
            step = .awaitingLastName
            return Replies.profileQuestion2(firstName: firstName)
        case .awaitingLastName:
            lastName = NameAnswer.normalized(answer)
            step = .awaitingEmail
            return Replies.profileQuestion3
        case .awaitingEmail:
            email = EmailAddress(answer)?.value
            step = .finished
            return nil
        case .finished, .stoppedByStaff:
            return nil
        }
    }

    /// A staff reply stops the bot (A4): valid answers so far are kept, no more questions.
    /// Does nothing once the collection is no longer active.
    public mutating func staffReplied() {
        if isActive { step = .stoppedByStaff }
    }
}
