import TextingCore

/// What the sandbox carrier does with a text, chosen by its recipient's number.
///
/// Simulated failures are kept to the lines the North American Numbering Plan reserves for
/// fiction, 555-0100 to 555-0199 under any area code, so a real client's number always gets its
/// texts delivered in a sandbox install. In that range the last two digits name the outcome by
/// the last two digits of its carrier code:
///
/// | number | outcome |
/// |---|---|
/// | +1 NPA 555-0103, -0105, -0106, -0107 | accepted, then undelivered with 30003, 30005, 30006, 30007 |
/// | +1 NPA 555-0110 | refused at send time with 21610 (opted out with the carrier) |
/// | +1 NPA 555-0129 | throttled with 20429 (retryable) on every other attempt |
/// | any other number, 555-01xx included | accepted, then delivered |
public enum SandboxOutcome: Sendable, Hashable {
    /// Accepted, then delivered.
    case delivered
    /// Accepted, then undelivered with the carrier's `errorCode` (30003, 30005, 30006 or 30007).
    case undelivered(errorCode: Int)
    /// Refused at send time with 21610: the recipient opted out with the carrier (O5).
    case refusedUnsubscribed
    /// Refused with 20429 (retryable) on every other attempt, accepted and delivered otherwise.
    case throttled

    /// The exchange and the first two digits of the line of the reserved fictional numbers.
    static let reservedPrefix = "55501"

    /// The outcome of texts to `number`.
    public static func of(_ number: PhoneNumber) -> SandboxOutcome {
        // E.164 of a US/CA number: "+1", area code (3 digits), exchange (3), line (4).
        let local = number.e164.suffix(7)
        guard number.e164.hasPrefix("+1"), number.e164.count == 12, local.hasPrefix(reservedPrefix) else {
            return .delivered
        }
        return switch local.suffix(2) {
        case "03": .undelivered(errorCode: 30003)
        case "05": .undelivered(errorCode: 30005)
        case "06": .undelivered(errorCode: 30006)
        case "07": .undelivered(errorCode: 30007)
        case "10": .refusedUnsubscribed
        case "29": .throttled
        default: .delivered
        }
    }
}
