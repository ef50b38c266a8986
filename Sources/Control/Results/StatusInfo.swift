/// What `status` reports about the running daemon.
public struct StatusInfo: Codable, Sendable, Hashable {
    /// The daemon's version string.
    public var version: String
    /// ``ControlProtocol/version`` of the daemon.
    public var protocolVersion: Int
    /// `sandbox` or `twilio`.
    public var carrier: String
    /// Number of practices served.
    public var practices: Int
    /// Phone sessions in memory.
    public var liveSessions: Int
    /// Outbound messages not yet handed to the carrier (D2).
    public var outboxDepth: Int

    public init(version: String, protocolVersion: Int, carrier: String, practices: Int, liveSessions: Int, outboxDepth: Int) {
        self.version = version
        self.protocolVersion = protocolVersion
        self.carrier = carrier
        self.practices = practices
        self.liveSessions = liveSessions
        self.outboxDepth = outboxDepth
    }
}

/// The outcome of `reload`.
public struct ReloadInfo: Codable, Sendable, Hashable {
    /// False when the configuration was refused and the old one stays in force.
    public var reloaded: Bool
    public var message: String

    public init(reloaded: Bool, message: String) {
        self.reloaded = reloaded
        self.message = message
    }
}
