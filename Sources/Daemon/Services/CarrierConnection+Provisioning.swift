import Carrier
import TextingCore

extension CarrierConnection: NumberProvisioning {
    /// Buys a toll-free number (E2) through the carrier of this connection: with `twilio`, the
    /// current ``TwilioClient`` (so a reloaded auth token is used from the next request on);
    /// with the sandbox, ``SandboxCarrier``'s deterministic pool.
    ///
    /// - Throws: the carrier's ``CarrierError`` as ``TwilioClient/provisionTollFreeNumber(country:smsURL:voiceURL:statusURL:excluding:)``
    ///   reports it.
    public func provisionTollFreeNumber(
        country: PhoneCountry, smsURL: String, voiceURL: String, statusURL: String, excluding: Set<PhoneNumber>
    ) async throws(CarrierError) -> PhoneNumber {
        if let twilio = currentTwilio {
            return try await twilio.provisionTollFreeNumber(
                country: country, smsURL: smsURL, voiceURL: voiceURL, statusURL: statusURL, excluding: excluding)
        }
        if let sandbox {
            return try await sandbox.provisionTollFreeNumber(
                country: country, smsURL: smsURL, voiceURL: voiceURL, statusURL: statusURL, excluding: excluding)
        }
        // Unreachable: a connection is built with exactly one of the two carriers.
        throw CarrierError(code: nil, message: "No carrier is configured to provision numbers.", retryable: false)
    }
}
