extension DaemonConfiguration {
    /// Reminders the practice platform requests, and their quiet hours (E5, Q1).
    public struct Reminders: Sendable, Hashable, Codable {
        public init() {}
    }
}

extension DaemonConfiguration.Reminders {
    static let keys: [String] = []

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "reminders")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        _ = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
    }
}
