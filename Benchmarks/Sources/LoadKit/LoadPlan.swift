/// How a load runs: which loop, how long, how many connections.
public struct LoadPlan: Sendable {
    public enum Mode: Sendable {
        /// Each connection sends its next request as soon as the previous one is answered:
        /// measures the most the server sustains with this many connections.
        case closed
        /// Requests are due at a fixed rate whatever the answers; a request waits in the client
        /// when every connection is busy, and its latency counts from when it was due, so a slow
        /// server cannot hide its queue (coordinated omission).
        case open(ratePerSecond: Double)
    }

    public var mode: Mode
    /// Where the server listens (loopback only).
    public var host: String
    public var port: Int
    /// Keep-alive connections (in open loop: the pool requests are sent on).
    public var connections: Int
    /// Event-loop threads of the client; each runs its share of the connections (and rate).
    public var threads: Int
    /// Answers before this are not counted (connections warm up, sessions get created).
    public var warmup: Duration
    /// The measured window after the warm-up.
    public var duration: Duration
    /// Stop issuing after this many requests (closed loop); the run then ends when they are
    /// answered, or at the end of the window, whichever comes first.
    public var maxRequests: Int?
    /// How long answers still in flight at the end are waited for.
    public var drainTimeout: Duration
    /// Reconnect a connection the server closed (else it stays closed for the rest of the run).
    public var reconnect: Bool
    /// Keep every request answered with a 2xx (for the crash test).
    public var recordAcknowledged: Bool
    /// Open loop: give up when this many requests wait for a connection (the server is slower
    /// than the rate).
    public var maxBacklog: Int

    public init(
        mode: Mode, host: String = "127.0.0.1", port: Int, connections: Int = 32, threads: Int = 1,
        warmup: Duration = .seconds(2), duration: Duration = .seconds(10), maxRequests: Int? = nil,
        drainTimeout: Duration = .seconds(10), reconnect: Bool = true, recordAcknowledged: Bool = false,
        maxBacklog: Int = 200_000
    ) {
        self.mode = mode
        self.host = host
        self.port = port
        self.connections = connections
        self.threads = threads
        self.warmup = warmup
        self.duration = duration
        self.maxRequests = maxRequests
        self.drainTimeout = drainTimeout
        self.reconnect = reconnect
        self.recordAcknowledged = recordAcknowledged
        self.maxBacklog = maxBacklog
    }

    /// Loopback addresses only: the benchmarks never send traffic off the machine.
    func checkLoopback() throws {
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.") else {
            throw LoadError("refusing to send load to \(host): only loopback addresses are allowed")
        }
    }
}
