import TextingCore

extension SandboxCarrier: NumberProvisioning {
    /// Assigns the first number of ``SandboxNumberPool`` not in `excluding` (E2), so the numbers
    /// practices get are predictable (+1 800 555 1000 first) and, given every number already
    /// assigned, never shared. `country` and the URLs are ignored: sandbox toll-free numbers
    /// serve both countries and the sandbox calls no webhooks.
    ///
    /// - Throws: ``CarrierError`` (code nil, not retryable) when all 7,000 pool numbers are taken.
    public nonisolated func provisionTollFreeNumber(
        country _: PhoneCountry, smsURL _: String, voiceURL _: String, statusURL _: String, excluding: Set<PhoneNumber>
    ) async throws(CarrierError) -> PhoneNumber {
        var index = 0
        while let number = SandboxNumberPool.number(at: index) {
            if !excluding.contains(number) { return number }
            index += 1
        }
        throw CarrierError(
            code: nil, message: "All \(index) sandbox toll-free numbers are assigned; none is left to give.",
            retryable: false)
    }
}
