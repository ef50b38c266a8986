extension DaemonConfiguration {
    /// Where the daemon keeps what it must never lose (D3). Read at start only.
    public struct Store: Sendable, Hashable, Codable {
        /// The database engine.
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// One SQLite file in the state directory, owned by this daemon alone (the default).
            case sqlite
            /// A PostgreSQL database several daemons share (M1); its URL is the credential
            /// ``DaemonConfiguration/Store/postgresURLCredential``, never this file.
            case postgres
        }

        public var kind: Kind = .sqlite
        /// Connections to PostgreSQL this daemon keeps at most.
        public var maxConnections = 20

        /// The credential holding the PostgreSQL URL (`postgres://user:password@host:port/database`).
        public static let postgresURLCredential = "postgres-url"

        public init() {}
    }
}

extension DaemonConfiguration.Store {
    static let keys = ["kind", "maxConnections"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "store")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let text = try object.string("kind", ConfigText.storeKind), let parsed = Kind(rawValue: text) { kind = parsed }
        if let number = try object.wholeNumber("maxConnections", in: 2...1_000) { maxConnections = number }
    }
}
