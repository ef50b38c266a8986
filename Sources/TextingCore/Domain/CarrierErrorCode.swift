/// Plain explanations of carrier error codes for staff (C3). Codes follow the Twilio
/// convention that most carriers copy.
public enum CarrierErrorCode {
    /// The recipient told the carrier STOP; the carrier blocks sends from this number (O5).
    public static let recipientUnsubscribed = 21610

    /// A sentence for staff; unknown codes get a generic sentence that still names the code.
    public static func explanation(_ code: Int) -> String {
        switch code {
        case 21211: "The number is not a valid phone number."
        case 21408: "Texting to this region is not enabled for the account."
        case 21610: "The client has opted out with the carrier (replied STOP); the carrier blocks texts until they text START."
        case 21614: "The number is not a mobile number and cannot receive texts."
        case 21617: "The message is longer than 1,600 characters."
        case 30003: "The handset is unreachable (switched off or out of coverage)."
        case 30004: "The message was blocked by the recipient or their carrier."
        case 30005: "The number is unknown to the carrier; it may no longer exist."
        case 30006: "The number is a landline or its carrier cannot receive texts."
        case 30007: "The carrier filtered the message as spam or unwanted content."
        case 30008: "The carrier reported an unknown delivery error."
        case 30019: "The message content is too large."
        case 30032: "The toll-free number is not verified yet."
        case 11751: "The attached media is too large."
        case 20429: "The carrier asked us to slow down; the message will be retried."
        default: "The carrier reported error \(code)."
        }
    }
}
