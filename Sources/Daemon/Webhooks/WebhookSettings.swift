import Foundation

/// What the webhook routes need from the configuration; replaced whole by a reload.
public struct WebhookSettings: Sendable {
    /// Twilio-compatible carriers sign their webhooks; the sandbox does not.
    public var requiresSignature: Bool
    /// The key of webhook signatures (the Twilio auth token); nil in sandbox mode.
    public var authToken: String?
    /// The public base URL the carrier calls (`http.publicURL`), without a trailing slash.
    public var publicURL: String
    /// How phone numbers appear in logs.
    public var phoneFormat: PhoneLogFormat

    public init(requiresSignature: Bool, authToken: String?, publicURL: String, phoneFormat: PhoneLogFormat) {
        self.requiresSignature = requiresSignature
        self.authToken = authToken
        self.publicURL = publicURL
        self.phoneFormat = phoneFormat
    }

    /// The settings a loaded configuration gives.
    public init(_ loaded: LoadedConfiguration) {
        let configuration = loaded.configuration
        self.init(
            requiresSignature: configuration.carrier.kind == .twilio,
            authToken: loaded.credentials.twilioAuthToken,
            publicURL: configuration.http.publicURL,
            phoneFormat: PhoneLogFormat(showsFullNumbers: configuration.logPhoneNumbers))
    }

    /// The URL the carrier called for `request`, as it signed it: the public base URL followed
    /// by the request's path and query exactly as sent.
    public func signedURL(for request: HTTPRequest) -> String {
        publicURL + request.target
    }
}
