/// What happened to a text injected with `sandbox.text`, exactly as for a webhook.
public struct InboundInfo: Codable, Sendable, Hashable {
    /// The generated MessageSid.
    public var sid: String
    public var from: String
    public var to: String
    /// `routed`, `keyword`, `unrouted` or `duplicate`.
    public var disposition: String
    public var conversation: Int64?
    public var message: Int64?
    /// The automatic replies queued, in order.
    public var replies: [String]

    public init(sid: String, from: String, to: String, disposition: String, conversation: Int64?, message: Int64?, replies: [String]) {
        self.sid = sid
        self.from = from
        self.to = to
        self.disposition = disposition
        self.conversation = conversation
        self.message = message
        self.replies = replies
    }
}

/// A simulated handset's inbox in the sandbox carrier, oldest first.
public struct HandsetInbox: Codable, Sendable, Hashable {
    public var number: String
    public var messages: [HandsetMessageInfo]

    public init(number: String, messages: [HandsetMessageInfo]) {
        self.number = number
        self.messages = messages
    }
}

/// One text a simulated handset received.
public struct HandsetMessageInfo: Codable, Sendable, Hashable {
    public var sid: String
    /// The practice number it came from, E.164.
    public var from: String
    public var body: String
    /// The simulated final delivery state.
    public var state: String
    public var errorCode: Int?
    public var explanation: String?

    public init(sid: String, from: String, body: String, state: String, errorCode: Int?, explanation: String?) {
        self.sid = sid
        self.from = from
        self.body = body
        self.state = state
        self.errorCode = errorCode
        self.explanation = explanation
    }
}
