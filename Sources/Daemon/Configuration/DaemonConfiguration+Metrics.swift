extension DaemonConfiguration {
    /// Prometheus metrics at `/metrics`: on the staff API listener when it is on, else on a
    /// listener of their own at ``host``:``port`` (loopback by default). Read at start only.
    public struct Metrics: Sendable, Hashable, Codable {
        /// When false nothing is recorded and no `/metrics` is served.
        public var enabled = true
        /// The metrics listener's address when the API listener is off.
        public var host = "127.0.0.1"
        /// The metrics listener's port when the API listener is off (9464: Prometheus exporters' usual).
        public var port = 9464

        public init() {}
    }
}

extension DaemonConfiguration.Metrics {
    static let keys = ["enabled", "host", "port"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "metrics")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let flag = try object.bool("enabled") { enabled = flag }
        if let text = try object.string("host", ConfigText.host) { host = text }
        if let number = try object.wholeNumber("port", in: DaemonConfiguration.HTTP.portRange) { port = number }
    }
}
