/// `webhook.add`: a new endpoint of the practice platform for a practice's events (V1). The
/// daemon makes its `whsec_` secret and answers it once (``WebhookEndpointInfo/secret``); no
/// later answer shows it.
public struct WebhookAddCommand: ControlCommand, PracticeScoped {
    public typealias Result = WebhookEndpointInfo
    public static let name = "webhook.add"
    public var practice: Int64?
    /// An `http` or `https` URL.
    public var url: String
    /// The event types to post (`message.created`, …); absent or `["all"]` for all.
    public var events: [String]?

    public init(practice: Int64?, url: String, events: [String]?) {
        self.practice = practice
        self.url = url
        self.events = events
    }
}

/// `webhook.list`: the endpoints of a practice, or of every practice when none is named;
/// never their secrets.
public struct WebhookListCommand: ControlCommand, PracticeScoped {
    public typealias Result = WebhookEndpointList
    public static let name = "webhook.list"
    public var practice: Int64?

    public init(practice: Int64?) { self.practice = practice }
}

/// `webhook.remove`: stops posting to an endpoint; what it has not received yet is kept as
/// failed. Endpoints from the configuration file are removed there.
public struct WebhookRemoveCommand: ControlCommand {
    public typealias Result = WebhookEndpointInfo
    public static let name = "webhook.remove"
    public var id: Int64

    public init(id: Int64) { self.id = id }
}
