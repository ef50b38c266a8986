/// The configuration file a benchmark runs the daemon with (see `Docs/configuration.md`):
/// loopback listener, a control socket in the work directory, the sandbox carrier unless told
/// otherwise, and the knobs the benchmarks turn.
public struct DaemonSettings: Sendable {
    public var logLevel = "info"
    public var segmentsPerSecond = 3.0
    public var idleTimeoutSeconds = 600
    public var reapIntervalSeconds = 60
    /// `twilio` makes webhooks need a valid signature; sends then go to `apiBaseURL`.
    public var twilio: (accountSID: String, apiBaseURL: String)?
    /// The staff API listener's port on 127.0.0.1; nil turns the listener off (so benchmarks that
    /// run several daemons do not contend for its default port).
    public var apiPort: Int?
    /// False turns the daemon's metrics off (nothing recorded, no `/metrics`). Metrics are on
    /// only with the API listener (served there): with it off the daemon would open its own
    /// metrics port, the same for every daemon a benchmark starts.
    public var metricsEnabled = true
    /// `store.kind` (`sqlite` or `postgres`); nil leaves the key out (SQLite). With `postgres` the
    /// URL is the `postgres-url` credential, which the benchmark writes into `credentials/`.
    public var storeKind: String?

    public init() {}

    /// The JSON text for a daemon on `port` with its control socket at `controlSocketPath`.
    public func json(port: Int, controlSocketPath: String) -> String {
        let carrier = twilio.map {
            #"{"kind": "twilio", "accountSID": "\#($0.accountSID)", "apiBaseURL": "\#($0.apiBaseURL)"}"#
        } ?? #"{"kind": "sandbox"}"#
        let store = storeKind.map { #"  "store": {"kind": "\#($0)"},"# + "\n" } ?? ""
        let api = apiPort.map { #"{"enabled": true, "host": "127.0.0.1", "port": \#($0)}"# } ?? #"{"enabled": false}"#
        return """
            {
              "logLevel": "\(logLevel)",
              "http": {"host": "127.0.0.1", "port": \(port), "publicURL": "http://127.0.0.1:\(port)"},
              "control": {"socketPath": "\(controlSocketPath)"},
              "api": \(api),
              "metrics": {"enabled": \(metricsEnabled && apiPort != nil)},
              "carrier": \(carrier),
              "outbox": {"segmentsPerSecond": \(segmentsPerSecond)},
              "sessions": {"idleTimeoutSeconds": \(idleTimeoutSeconds), "reapIntervalSeconds": \(reapIntervalSeconds)},
            \(store)  "contentPolicyFile": null
            }

            """
    }
}
