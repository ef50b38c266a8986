/// `sandbox.text`: a client texts the practice, injected through the same `Router.dispatch` as
/// the carrier's webhook, with a generated MessageSid. Sandbox carrier only.
public struct SandboxTextCommand: ControlCommand, PracticeScoped {
    public typealias Result = InboundInfo
    public static let name = "sandbox.text"
    /// Picks the practice whose number `to` defaults to.
    public var practice: Int64?
    /// The client's number.
    public var from: String
    public var body: String
    /// The practice number texted; default: the practice's texting number.
    public var to: String?

    public init(practice: Int64?, from: String, body: String, to: String? = nil) {
        self.practice = practice
        self.from = from
        self.body = body
        self.to = to
    }
}

/// `sandbox.inbox`: what the sandbox carrier delivered to a simulated handset.
public struct SandboxInboxCommand: ControlCommand {
    public typealias Result = HandsetInbox
    public static let name = "sandbox.inbox"
    public var number: String
    public init(number: String) { self.number = number }
}
