import Foundation

/// Every text the daemon writes to a client on its own: auto-replies (A1, A4, A7), opt-out and
/// opt-in confirmations (O2, O3) and the wrappers of outbound media (R5).
///
/// All wording lives here so it can be reviewed in one place; the texts of A1, A4 and R5 are
/// fixed by the product rules and must not change.
public enum Replies: Sendable {
    /// The after-hours auto-reply (A1), word for word, with the practice's emergency phone.
    public static func afterHours(emergencyPhone: String) -> String {
        "This is an auto-reply. We're sorry we aren't available to chat at the moment. "
            + "If this is an emergency, please call \(emergencyPhone) for after-hours instructions. "
            + "Your message will be received by our practice during business hours."
    }

    /// Profile collection, question 1 of 3: the first name (A4).
    public static let profileQuestion1 =
        "This is an auto-reply. We need to create your profile in our new texting system. "
        + "So we can provide faster service, please enter your first name only. (Question 1/3)"

    /// Profile collection, question 2 of 3: the last name (A4). Greets the client by the first
    /// name when one was stored; `nil` or a blank name gives the `Thanks. Next, …` form.
    public static func profileQuestion2(firstName: String?) -> String {
        let name = firstName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let thanks = name.isEmpty ? "Thanks." : "Thanks, \(name)."
        return thanks + " Next, please enter your last name only. (Question 2/3)"
    }

    /// Profile collection, question 3 of 3: the email address (A4).
    public static let profileQuestion3 =
        "Just one more thing, please enter your email only and one of our team members "
        + "will respond as soon as possible. (Question 3/3)"

    /// The answer to HELP or INFO (A7): who is texting, how to reach them, how to opt out.
    public static func help(practiceName: String, practicePhone: String) -> String {
        "\(practiceName): for help, call us at \(practicePhone). Reply STOP to opt out."
    }

    /// The single confirmation after an opt-out keyword (O2). Sent only when the configuration
    /// does not say the carrier sends its own.
    public static func optOutConfirmation(practiceName: String) -> String {
        "You are unsubscribed from \(practiceName) texts and will receive no further messages. "
            + "Reply START to resubscribe."
    }

    /// The one text about app messages the client has not read (P2, P3's unread stretch).
    public static func unreadAppMessage(practiceName: String) -> String {
        "You have a new message from \(practiceName) in the app."
    }

    /// The confirmation after an explicit opt-in keyword (O3).
    public static func optInConfirmation(practiceName: String) -> String {
        "You are subscribed to \(practiceName) texts again. Reply HELP for help or STOP to opt out."
    }

    /// The text that carries an outbound photo or video (R5), word for word.
    public static func photoVideoLink(url: String) -> String {
        "You've got a new photo/video message! \(url)"
    }

    /// The text that carries an outbound PDF (R5): `You've got a new document! <file name> <link>`.
    ///
    /// Line breaks and other control characters in `fileName` become spaces and surrounding
    /// whitespace is dropped, so a file name cannot add lines of its own to the message; a blank
    /// name leaves just the link.
    public static func pdfLink(fileName: String, url: String) -> String {
        let scalars = fileName.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: " "
            default: scalar
            }
        }
        var cleaned = String.UnicodeScalarView()
        cleaned.append(contentsOf: scalars)
        let name = String(cleaned).trimmingCharacters(in: .whitespaces)
        return name.isEmpty
            ? "You've got a new document! \(url)"
            : "You've got a new document! \(name) \(url)"
    }
}
