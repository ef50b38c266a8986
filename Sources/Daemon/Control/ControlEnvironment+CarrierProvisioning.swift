import Carrier

extension ControlEnvironment {
    /// `number.request` through a carrier (E2): the number bought calls our webhooks under the
    /// public base URL as it is when the request is made (so a reloaded `http.publicURL`
    /// applies): SmsUrl `<publicURL>/twilio/sms`, VoiceUrl `<publicURL>/twilio/voice` (calls are
    /// forwarded to the practice, E6) and StatusCallback `<publicURL>/twilio/status`.
    ///
    /// - Parameters:
    ///   - carrier: who buys the number (the daemon's ``CarrierConnection``).
    ///   - publicURL: the current `http.publicURL`, without a trailing `/` (the configuration
    ///     drops it); one is dropped here too.
    static func carrierProvisioning(
        through carrier: any NumberProvisioning, publicURL: @escaping @Sendable () -> String
    ) -> NumberProvisioner {
        { country, taken in
            var base = Substring(publicURL())
            while base.hasSuffix("/") { base = base.dropLast() }
            let provision = provisioning(
                through: carrier, smsURL: base + WebhookRoutes.inboundTextPath, voiceURL: base + WebhookRoutes.voicePath,
                statusURL: base + WebhookRoutes.deliveryStatusPath)
            return try await provision(country, taken)
        }
    }
}
