import TextingCore

/// Settings of the routing layer that an operator may change with a reload.
public struct RoutingConfiguration: Sendable {
    /// Staff messages are checked against this before they are queued (S7).
    public var contentPolicy: ContentPolicy
    /// When the carrier sends its own STOP confirmation, the daemon sends none (O2).
    public var carrierSendsOptOutConfirmation: Bool
    /// App versions below this cannot chat (S2).
    public var minimumAppVersion: AppVersion
    /// A phone session unused this long is dropped from memory and rebuilt from the store on
    /// the next text for its number.
    public var sessionIdleTimeout: Duration

    public init(
        contentPolicy: ContentPolicy, carrierSendsOptOutConfirmation: Bool = false,
        minimumAppVersion: AppVersion, sessionIdleTimeout: Duration = .seconds(600)
    ) {
        self.contentPolicy = contentPolicy
        self.carrierSendsOptOutConfirmation = carrierSendsOptOutConfirmation
        self.minimumAppVersion = minimumAppVersion
        self.sessionIdleTimeout = sessionIdleTimeout
    }
}
