/// Where a message's file stands (R4): inbound media are fetched after the text is stored.
public enum MediaState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not fetched yet; the daemon retries with backoff until it is stored or fails for good.
    case pending
    /// The bytes are in the daemon's media folder.
    case stored
    /// Given up: too large, a type outside the allowlist, refused by the carrier, or still
    /// failing after the last attempt. The attachment's `failure` says which.
    case failed
}
