extension DaemonConfiguration {
    /// The practice platform's webhook endpoints and their retries (V1).
    public struct Webhooks: Sendable, Hashable, Codable {
        public init() {}
    }
}

extension DaemonConfiguration.Webhooks {
    static let keys: [String] = []

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "webhooks")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        _ = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
    }
}
