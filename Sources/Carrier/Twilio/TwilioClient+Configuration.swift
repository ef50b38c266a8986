import TextingCore

extension TwilioClient {
    /// How ``TwilioClient`` reaches the carrier's REST API and where the carrier calls us back.
    ///
    /// `authToken` is a secret from the credentials directory, never from the configuration
    /// file: `description`, `debugDescription` and the mirror (`dump`, `String(reflecting:)`)
    /// all show it as `<redacted>`, and no error message carries it.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// The account (`AC…`); the user name of HTTP basic auth and part of every REST path.
        public var accountSID: String
        /// The account's auth token; the password of HTTP basic auth.
        public var authToken: String
        /// Base URL of the REST API, scheme and host (and port), no trailing slash needed.
        /// Tests point it at a loopback server.
        public var apiBaseURL: String
        /// Our public base URL as the carrier sees it (the daemon's `http.publicURL`); each
        /// message's `StatusCallback` is `<base>/twilio/status?message=<our message id>`.
        public var statusCallbackBaseURL: String
        /// Longest wait for one REST call, from sending the request to the last byte of the
        /// answer; past it the call fails with a retryable ``CarrierError``.
        public var requestTimeout: Duration
        /// Longest wait for a TCP (and TLS) connection to the API; never longer than
        /// `requestTimeout` in effect.
        public var connectTimeout: Duration

        /// The Twilio production API.
        public static let defaultAPIBaseURL = "https://api.twilio.com"

        public init(
            accountSID: String, authToken: String, statusCallbackBaseURL: String,
            apiBaseURL: String = Configuration.defaultAPIBaseURL,
            requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10)
        ) {
            self.accountSID = accountSID
            self.authToken = authToken
            self.apiBaseURL = apiBaseURL
            self.statusCallbackBaseURL = statusCallbackBaseURL
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
        }

        /// The `StatusCallback` URL for one of our messages:
        /// `<statusCallbackBaseURL>/twilio/status?message=<id>`.
        public func statusCallbackURL(for messageID: MessageID) -> String {
            Self.trimmingSlashes(statusCallbackBaseURL) + CarrierStatusCallback.path + "?"
                + CarrierStatusCallback.messageQueryItem + "=" + String(messageID.rawValue)
        }

        /// `<apiBaseURL>/2010-04-01/Accounts/<accountSID>`, the prefix of every REST path.
        var accountURL: String {
            Self.trimmingSlashes(apiBaseURL) + "/2010-04-01/Accounts/" + FormEncoding.escape(accountSID)
        }

        public var description: String {
            "TwilioClient.Configuration(accountSID: \(accountSID), authToken: <redacted>, apiBaseURL: \(apiBaseURL), "
                + "statusCallbackBaseURL: \(statusCallbackBaseURL), requestTimeout: \(requestTimeout), "
                + "connectTimeout: \(connectTimeout))"
        }

        public var debugDescription: String { description }

        public var customMirror: Mirror {
            Mirror(self, children: [
                "accountSID": accountSID, "authToken": "<redacted>", "apiBaseURL": apiBaseURL,
                "statusCallbackBaseURL": statusCallbackBaseURL, "requestTimeout": requestTimeout,
                "connectTimeout": connectTimeout,
            ])
        }

        private static func trimmingSlashes(_ url: String) -> String {
            var url = Substring(url)
            while url.hasSuffix("/") { url = url.dropLast() }
            return String(url)
        }
    }
}
