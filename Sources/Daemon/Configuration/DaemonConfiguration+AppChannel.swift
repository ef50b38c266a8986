extension DaemonConfiguration {
    /// The pet owner's app channel (P1–P3).
    public struct AppChannel: Sendable, Hashable, Codable {
        public init() {}
    }
}

extension DaemonConfiguration.AppChannel {
    static let keys: [String] = []

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "app")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        _ = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
    }
}
