import Foundation
import TextingCore

/// What the media code reads from the configuration (R4, R5); built from the current
/// configuration each time it is needed, so a reload applies to the next download, upload or link.
public struct MediaSettings: Sendable {
    /// `http.publicURL`, without a trailing slash: links start with it.
    public var publicURL: String
    /// The largest file kept or accepted, in bytes (`media.maxBytes`).
    public var maxBytes: Int
    /// Inbound types kept (`media.allowedContentTypes`).
    public var allowlist: ContentTypeAllowlist
    /// How long a new link works (`media.linkLifetimeDays`).
    public var linkLifetime: TimeInterval
    /// Attempts before a download is recorded as failed (`media.downloadMaxAttempts`).
    public var downloadMaxAttempts: Int
    /// Time one download may take (`media.downloadTimeoutSeconds`).
    public var downloadTimeout: Duration
    /// Basic-auth credentials for the carrier's media URLs (account SID and auth token); nil with
    /// the sandbox carrier, whose URLs need none.
    public var credentials: MediaFetcher.Credentials?

    public init(
        publicURL: String, maxBytes: Int = 5_000_000, allowlist: ContentTypeAllowlist = .standard,
        linkLifetime: TimeInterval = 30 * 86_400, downloadMaxAttempts: Int = 8, downloadTimeout: Duration = .seconds(60),
        credentials: MediaFetcher.Credentials? = nil
    ) {
        self.publicURL = publicURL
        self.maxBytes = maxBytes
        self.allowlist = allowlist
        self.linkLifetime = linkLifetime
        self.downloadMaxAttempts = downloadMaxAttempts
        self.downloadTimeout = downloadTimeout
        self.credentials = credentials
    }

    /// The settings `loaded` gives.
    public init(_ loaded: LoadedConfiguration) {
        let configuration = loaded.configuration
        let media = configuration.media
        var credentials: MediaFetcher.Credentials?
        if configuration.carrier.kind == .twilio, let account = configuration.carrier.accountSID,
           let token = loaded.credentials.twilioAuthToken {
            credentials = MediaFetcher.Credentials(accountSID: account, authToken: token)
        }
        self.init(
            publicURL: configuration.http.publicURL, maxBytes: media.maxBytes, allowlist: media.allowlist,
            linkLifetime: TimeInterval(media.linkLifetimeDays) * 86_400, downloadMaxAttempts: media.downloadMaxAttempts,
            downloadTimeout: .seconds(media.downloadTimeoutSeconds), credentials: credentials)
    }

    /// `bytes` for people: `812 bytes`, `2.5 KB`, `340 KB`, `4.8 MB`, `5 MB` (decimal units, as
    /// phones show them; one decimal below 10, none when it is 0).
    static func size(_ bytes: Int) -> String {
        if bytes < 1_000 { return "\(bytes) bytes" }
        let (value, unit) = bytes < 1_000_000 ? (Double(bytes) / 1_000, "KB") : (Double(bytes) / 1_000_000, "MB")
        let tenths = Int((value * 10).rounded(.down))
        if value >= 10 || tenths % 10 == 0 { return "\(tenths / 10) \(unit)" }
        return "\(tenths / 10).\(tenths % 10) \(unit)"
    }
}
