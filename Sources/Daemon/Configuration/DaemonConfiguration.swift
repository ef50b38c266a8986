import Foundation
import Logging
import Routing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Everything an operator can set in `twowayd.json`. Every value has a default (the embedded
/// defaults below, also shipped written out as `Config/twowayd.json`), so an empty file `{}` and
/// no file at all both run a sandbox daemon on 127.0.0.1:8080.
///
/// Secrets are never part of it: see ``Credentials``. `Docs/configuration.md` describes every
/// key, its environment override and what a reload changes.
public struct DaemonConfiguration: Sendable, Hashable, Codable {
    /// The HTTP listener (carrier webhooks and health checks).
    public struct HTTP: Sendable, Hashable, Codable {
        /// Address the listener binds to when systemd did not pass a socket named `http`.
        public var host: String = "127.0.0.1"
        /// TCP port the listener binds to when systemd did not pass a socket named `http`.
        public var port: Int = 8080
        /// The URL the carrier calls, as the carrier sees it (scheme, host, optional port and path
        /// prefix, no trailing slash); webhook signatures are checked against it plus the path.
        public var publicURL: String = "http://127.0.0.1:8080"
        /// Request bodies larger than this many bytes are answered 413 and the connection closed.
        public var maxBodyBytes: Int = 65_536
        /// A request head must arrive whole within this many seconds (from accept on a new
        /// connection); a slower client gets 408 and is disconnected.
        public var headerTimeoutSeconds: Double = 10
        /// A request body must arrive whole within this many seconds after its head.
        public var bodyTimeoutSeconds: Double = 30
        /// A keep-alive connection with no new request for this many seconds is closed.
        public var idleTimeoutSeconds: Double = 60
        /// The most webhook connections open at once. The daemon lowers it to fit its file
        /// descriptor limit (`LimitNOFILE=`); past it the longest-idle connection is closed.
        public var maxConnections: Int = 10_000

        public init() {}
    }

    /// The staff API's own listener (the web inbox's JSON API under `/api/v1`), separate from
    /// the public webhook listener. Operators put their TLS proxy in front of it.
    public struct API: Sendable, Hashable, Codable {
        /// When false the daemon opens no API listener (and ignores a socket named `api`).
        public var enabled: Bool = true
        /// Address the listener binds to when systemd did not pass a socket named `api`.
        public var host: String = "127.0.0.1"
        /// TCP port the listener binds to when systemd did not pass a socket named `api`.
        public var port: Int = 8081
        /// The address staff use to reach the API, as their browser sees it (through the TLS
        /// proxy); when it is https the session cookie is marked `Secure`.
        public var publicURL: String = "http://127.0.0.1:8081"

        public init() {}
    }

    /// The admin control socket used by `twowayctl`.
    public struct Control: Sendable, Hashable, Codable {
        /// Path of the Unix socket bound when systemd did not pass a socket named `control`.
        public var socketPath: String = "/run/twowayd.control.sock"
        /// Local user names whose connections the control socket accepts.
        public var allowedUsers: [String] = ["root"]
        /// Local group names whose members' connections the control socket accepts.
        public var allowedGroups: [String] = ["twowayd"]

        public init() {}
    }

    /// The SMS carrier texts are received from and sent through.
    public struct Carrier: Sendable, Hashable, Codable {
        /// Which carrier the daemon talks to.
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// Simulated carrier: nothing leaves the machine and webhooks need no signature.
            case sandbox
            /// A Twilio-compatible carrier: webhooks must carry a valid `X-Twilio-Signature`.
            case twilio
        }

        /// Selects the simulated sandbox carrier or a Twilio-compatible one.
        public var kind: Kind = .sandbox
        /// The Twilio account (`AC…`) used for REST calls; required when `kind` is `twilio`.
        public var accountSID: String? = nil
        /// Base URL of the carrier's REST API, without a trailing slash.
        public var apiBaseURL: String = "https://api.twilio.com"
        /// When true the daemon sends no STOP confirmation of its own, because the carrier does (O2).
        public var carrierSendsOptOutConfirmation: Bool = false

        public init() {}
    }

    /// The durable outbox and its sender (D2).
    public struct Outbox: Sendable, Hashable, Codable {
        /// Message segments sent per second from each practice number (toll-free default 3).
        public var segmentsPerSecond: Double = 3
        /// Attempts after which a retryable send error is recorded as a permanent failure.
        public var maxAttempts: Int = 10

        public init() {}
    }

    /// The in-memory phone sessions.
    public struct Sessions: Sendable, Hashable, Codable {
        /// A phone session unused for this many seconds is dropped from memory (it is rebuilt
        /// from the database on its number's next text).
        public var idleTimeoutSeconds: Int = 600
        /// How often, in seconds, idle sessions are looked for and dropped.
        public var reapIntervalSeconds: Int = 60

        public init() {}
    }

    /// Texting from a practice's own number (E7).
    public struct Porting: Sendable, Hashable, Codable {
        /// Voice carriers whose numbers can be configured for texting; others are refused with a reason.
        public var eligibleCarriers: [String] = PortingPolicy.defaultEligibleCarriers
        /// The one-time setup fee recorded when an eligible request is accepted, in cents.
        public var setupFeeCents: Int = PortingPolicy.defaultSetupFeeCents

        public init() {}

        /// The routing layer's rules for these values.
        public var policy: PortingPolicy {
            PortingPolicy(eligibleCarriers: eligibleCarriers, setupFeeCents: setupFeeCents)
        }
    }

    /// Settings that only apply with the sandbox carrier.
    public struct Sandbox: Sendable, Hashable, Codable {
        /// Creates the "Sandbox Veterinary Clinic" demo practice at start-up when the database has
        /// no practice yet. Default: on when run by hand (`make run`), off when systemd runs the
        /// daemon with a state directory (`$STATE_DIRECTORY`), so an installed service starts empty.
        public var seedDemoPractice: Bool = true

        public init() {}
    }

    /// Lowest level of log entries written; changed by a reload without a restart.
    public var logLevel: Logger.Level = .info
    /// The HTTP listener.
    public var http = HTTP()
    /// The staff API listener.
    public var api = API()
    /// The control socket.
    public var control = Control()
    /// Directory of the database (`twowayd.sqlite`); created at start-up if missing. The default
    /// is `$STATE_DIRECTORY` (set by systemd's `StateDirectory=`), else `/var/lib/twowayd` when
    /// running as root, else `./.twowayd-state`.
    public var stateDirectory: String
    /// The database: SQLite in the state directory, or a shared PostgreSQL (M1).
    public var store = Store()
    /// The carrier.
    public var carrier = Carrier()
    /// The outbox sender.
    public var outbox = Outbox()
    /// The in-memory phone sessions.
    public var sessions = Sessions()
    /// JSON file with the content policy staff messages are checked against (S7); a relative path
    /// is relative to the configuration file's directory; nil uses the policy built into twowayd.
    public var contentPolicyFile: String? = nil
    /// Clients whose app is older than this version cannot chat in the app and are texted instead (S2).
    public var minimumAppVersion: String = "1.0.0"
    /// When true, logs show full phone numbers; by default only their last four digits (D5).
    public var logPhoneNumbers: Bool = false
    /// Own-number requests (E7).
    public var porting = Porting()
    /// Sandbox-only settings.
    public var sandbox = Sandbox()
    /// Inbound MMS downloads and outbound media links (R4, R5).
    public var media = Media()
    /// Prometheus metrics (`/metrics`).
    public var metrics = Metrics()
    /// The practice platform's webhook endpoints and their retries (V1).
    public var webhooks = Webhooks()
    /// The pet owner's app channel (P1–P3).
    public var app = AppChannel()
    /// Reminders the practice platform requests, and their quiet hours (E5, Q1).
    public var reminders = Reminders()

    /// The embedded defaults, with the state directory chosen for this process's environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, isRoot: Bool = geteuid() == 0) {
        stateDirectory = Self.defaultStateDirectory(environment: environment, isRoot: isRoot)
        sandbox.seedDemoPractice = environment["STATE_DIRECTORY"] == nil
    }

    /// `$STATE_DIRECTORY` (its first entry when systemd passes several, separated by `:`), else
    /// `/var/lib/twowayd` for root, else `./.twowayd-state`.
    public static func defaultStateDirectory(environment: [String: String], isRoot: Bool) -> String {
        if let fromSystemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first, !fromSystemd.isEmpty {
            return String(fromSystemd)
        }
        return isRoot ? "/var/lib/twowayd" : "./.twowayd-state"
    }

    /// The keys of the top-level object, in the order `Config/twowayd.json` lists them.
    static let keys = [
        "logLevel", "http", "api", "control", "stateDirectory", "store", "carrier", "outbox", "sessions",
        "contentPolicyFile", "minimumAppVersion", "logPhoneNumbers", "porting", "sandbox", "media", "metrics",
        "webhooks", "app", "reminders",
    ]
}
