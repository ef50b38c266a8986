import TextingCore

/// Buys (or, in the sandbox, assigns) a dedicated toll-free number for a practice (E2).
///
/// A separate protocol from ``CarrierClient`` because only the control path that requests a
/// number needs it; both ``TwilioClient`` and ``SandboxCarrier`` conform.
public protocol NumberProvisioning: Sendable {
    /// Provisions one toll-free number with texting for `country` and points its webhooks at us.
    ///
    /// - Parameters:
    ///   - country: Where the number is searched (toll-free numbers reach the US and Canada alike;
    ///     the carrier keeps separate inventories).
    ///   - smsURL: Our public inbound-text webhook (`…/twilio/sms`).
    ///   - voiceURL: Our public voice webhook, which forwards calls to the practice (E6).
    ///   - statusURL: Our public status-callback URL for the number.
    ///   - excluding: Numbers already assigned to a practice. A real carrier never offers a number
    ///     the account owns, so ``TwilioClient`` ignores it; the sandbox has no memory across
    ///     restarts and needs it to keep a number with at most one practice.
    /// - Returns: The number, now owned by the account and configured with the three URLs.
    /// - Throws: ``CarrierError``: none available (not retryable, `code` nil), or the carrier's
    ///   refusal of the search or the purchase, classified as for a send.
    func provisionTollFreeNumber(
        country: PhoneCountry, smsURL: String, voiceURL: String, statusURL: String, excluding: Set<PhoneNumber>
    ) async throws(CarrierError) -> PhoneNumber
}
