import Foundation

/// An endpoint of the practice platform's webhooks (V1).
public struct WebhookEndpointInfo: Codable, Sendable, Hashable {
    public var id: Int64
    public var practice: Int64
    public var url: String
    /// The event types it receives; absent for all.
    public var events: [String]?
    /// `config` (the configuration file) or `control` (`twowayctl webhook add`).
    public var source: String
    /// The name of the credential file holding the secret (configured endpoints).
    public var secretCredential: String?
    /// The new endpoint's `whsec_` secret: in the answer to `webhook.add` only.
    public var secret: String?
    public var createdAt: Date

    public init(id: Int64, practice: Int64, url: String, events: [String]?, source: String, secretCredential: String?,
                secret: String?, createdAt: Date) {
        self.id = id
        self.practice = practice
        self.url = url
        self.events = events
        self.source = source
        self.secretCredential = secretCredential
        self.secret = secret
        self.createdAt = createdAt
    }
}

/// Endpoints, by id.
public struct WebhookEndpointList: Codable, Sendable, Hashable {
    public var endpoints: [WebhookEndpointInfo]
    public init(endpoints: [WebhookEndpointInfo]) { self.endpoints = endpoints }
}
