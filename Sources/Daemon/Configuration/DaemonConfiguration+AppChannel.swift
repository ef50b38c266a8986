extension DaemonConfiguration {
    /// The pet owner's app channel (P1–P3).
    public struct AppChannel: Sendable, Hashable, Codable {
        /// A message delivered in the app that the client has not read this many minutes after
        /// it was sent gets one text per conversation saying there is a message in the app;
        /// 0 sends none.
        public var unreadTextAfterMinutes = 15
        /// How often the daemon looks for such messages, in seconds.
        public var unreadCheckIntervalSeconds = 60

        public init() {}
    }
}

extension DaemonConfiguration.AppChannel {
    static let keys = ["unreadTextAfterMinutes", "unreadCheckIntervalSeconds"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "app")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let minutes = try object.wholeNumber("unreadTextAfterMinutes", in: 0...10_080) { unreadTextAfterMinutes = minutes }
        if let seconds = try object.wholeNumber("unreadCheckIntervalSeconds", in: 1...3_600) {
            unreadCheckIntervalSeconds = seconds
        }
    }
}
