import Foundation
import PostgresNIO
import TextingCore

extension PostgresStore {
    /// Where the database is, from a connection URL (`store.kind` `postgres`; the URL is a
    /// systemd credential, never the configuration file, since it may carry a password).
    ///
    /// Accepted: `postgres://user[:password]@host[:port]/database` (`postgresql://` too), with
    /// `?host=/run/postgresql` for a Unix socket directory (as libpq reads it) and
    /// `sslmode=disable|prefer|require` (default `prefer`: TLS when the server offers it).
    public struct Configuration: Sendable {
        var client: PostgresClient.Configuration
        /// The URL with its password masked, for logs.
        public var description: String

        /// Connections the pool opens at most.
        public var maxConnections: Int {
            get { client.options.maximumConnections }
            set { client.options.maximumConnections = newValue }
        }

        /// Parses `url`; a URL that is not a PostgreSQL URL throws `store.postgres_url`.
        public init(url: String) throws(TextingError) {
            let refused = TextingError(.init("store.postgres_url"),
                "The PostgreSQL address is not valid: write it as postgres://user:password@host:port/database.")
            guard let parts = URLComponents(string: url.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let scheme = parts.scheme, scheme == "postgres" || scheme == "postgresql"
            else { throw refused }
            let user = parts.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            let password = parts.password.flatMap { $0.removingPercentEncoding }
            var database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
            database = database.removingPercentEncoding ?? database
            let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            let port = parts.port ?? 5432
            if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
                client = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                               database: database.isEmpty ? nil : database)
            } else {
                guard let host = parts.host, !host.isEmpty else { throw refused }
                let tls: PostgresClient.Configuration.TLS
                switch query["sslmode"] ?? "prefer" {
                case "disable": tls = .disable
                case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
                case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
                default: throw refused
                }
                client = .init(host: host, port: port, username: user, password: password,
                               database: database.isEmpty ? nil : database, tls: tls)
            }
            var masked = parts
            if masked.password != nil { masked.password = "***" }
            description = masked.string ?? "postgres://"
        }
    }
}
