extension DaemonConfiguration.HTTP {
    /// Accepted range of the three timeouts, in seconds.
    static let timeoutRange = 0.1...3_600.0
    /// Accepted range of `maxConnections`.
    static let connectionRange = 16...1_000_000

    /// File descriptors kept back from the HTTP listener for everything else the daemon opens
    /// (the database and its journal files, control connections, carrier and media requests,
    /// systemd's sockets) and for connections accepted in a burst before the longest-idle ones
    /// they displace are closed: a quarter of the limit, at least 128.
    static func reservedDescriptors(of limit: Int) -> Int { max(128, limit / 4) }

    /// The HTTP server's limits from these settings. The connection cap is ``maxConnections``,
    /// lowered to fit `descriptorLimit` (the process's `RLIMIT_NOFILE`) less
    /// ``reservedDescriptors``, so connections alone can never exhaust the descriptors.
    func serverConfiguration(descriptorLimit: Int?) -> HTTPServer.Configuration {
        var cap = maxConnections
        if let limit = descriptorLimit {
            cap = min(cap, max(16, limit - Self.reservedDescriptors(of: limit)))
        }
        return HTTPServer.Configuration(
            maxBodyBytes: maxBodyBytes,
            headerTimeout: .milliseconds(Int64(headerTimeoutSeconds * 1_000)),
            bodyTimeout: .milliseconds(Int64(bodyTimeoutSeconds * 1_000)),
            idleTimeout: .milliseconds(Int64(idleTimeoutSeconds * 1_000)),
            maxConnections: cap)
    }
}
