import CoreMetrics
import Synchronization
import TextingCore

/// Every metric the daemon reports, through swift-metrics (whatever backend the process
/// bootstrapped: Prometheus in the daemon, none in tests).
///
/// Names and units follow Prometheus's conventions (`twowayd_…_total` for counters, `_seconds`
/// for durations). No label takes a phone number, a message id or any other unbounded value:
/// every label below has a small fixed set of values (routes, HTTP statuses, results, kinds,
/// command names, the carrier error codes staff are told about). There is no per-practice label:
/// a daemon may serve thousands of practices, which would multiply every series by that count.
///
/// Handles are created on first use and kept, so the hot path costs an atomic add or a histogram
/// observation, not a registry lookup. The process must bootstrap its metrics system before the
/// first use (the daemon does it before it builds anything else).
public enum TwowayMetrics {
    // MARK: Webhooks and inbound texts

    /// The public listener's routes, as the `route` label.
    public enum WebhookRoute: String, Sendable, CaseIterable {
        case health, sms, status, voice, media, other
    }

    /// A webhook answered, by route and HTTP status, and the time from its request to its answer
    /// (the durable commit included for texts). Two atomic updates and a lookup keyed by an
    /// integer: this runs for every webhook.
    public static func webhook(_ route: WebhookRoute, status: Int, duration: Duration) {
        let key = routeIndex[route, default: 0] * 1_000 + min(max(status, 0), 999)
        let counter = webhookCounters.withLock { counters in
            if let existing = counters[key] { return existing }
            let created = Counter(
                label: "twowayd_webhooks_received_total", dimensions: [("route", route.rawValue), ("status", String(status))])
            counters[key] = created
            return created
        }
        counter.increment()
        webhookTimers[routeIndex[route, default: 0]].recordNanoseconds(duration.wholeNanoseconds)
    }

    private static let routeIndex: [WebhookRoute: Int] =
        Dictionary(uniqueKeysWithValues: WebhookRoute.allCases.enumerated().map { ($1, $0) })
    private static let webhookCounters = Mutex<[Int: Counter]>([:])
    private static let webhookTimers = WebhookRoute.allCases.map {
        Timer(label: "twowayd_webhook_duration_seconds", dimensions: [("route", $0.rawValue)])
    }

    /// An inbound text stored (routed, keyword or unrouted).
    public static let inboundStored = Counter(label: "twowayd_inbound_texts_stored_total")
    /// An inbound text whose MessageSid was already stored (R6).
    public static let inboundDuplicates = Counter(label: "twowayd_inbound_duplicates_total")

    // MARK: Storage

    /// One group commit: how long the transaction took and how many writes it carried.
    public static func groupCommit(_ duration: Duration, batchSize: Int) {
        groupCommitDuration.recordNanoseconds(duration.wholeNanoseconds)
        groupCommitBatchSize.record(batchSize)
    }

    static let groupCommitDuration = Timer(label: "twowayd_group_commit_duration_seconds")
    static let groupCommitBatchSize = Recorder(label: "twowayd_group_commit_batch_size", aggregate: true)

    // MARK: Outbox

    /// Rows not yet sent or failed.
    public static let outboxDepth = Gauge(label: "twowayd_outbox_depth")
    /// Seconds the oldest due row has waited (0 when none is due).
    public static let outboxOldestDueAge = Gauge(label: "twowayd_outbox_oldest_due_age_seconds")

    /// A send attempt's result (`accepted`, `retry`, `failed`) and, for a refusal, the carrier's
    /// error code when it is one staff are told about (else `other`; none: `none`).
    public static func send(result: String, errorCode: Int?) {
        let code = errorCode.map { knownErrorCodes.contains($0) ? String($0) : "other" } ?? "none"
        counters("twowayd_sends_total", [("result", result), ("error_code", code)]).increment()
    }

    /// The carrier error codes that get their own label value.
    public static let knownErrorCodes: Set<Int> = [21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007, 30008]

    // MARK: Sessions and rules

    public static let liveSessions = Gauge(label: "twowayd_live_sessions")
    public static let sessionEvictions = Counter(label: "twowayd_session_evictions_total")
    /// A1's automatic reply sent.
    public static let afterHoursReplies = Counter(label: "twowayd_after_hours_replies_total")
    /// A4's profile bot finished collecting a profile.
    public static let profilesCompleted = Counter(label: "twowayd_bot_profiles_completed_total")

    /// An opt-out, by subscription kind (`two_way`, `reminders`) and by whom (`client` for STOP,
    /// `staff`, `carrier`, `other`).
    public static func optOut(kind: String, by actor: String) {
        let source = actor.split(separator: ":").first.map(String.init) ?? "other"
        let by = ["client", "staff", "carrier"].contains(source) ? source : "other"
        counters("twowayd_opt_outs_total", [("kind", kind), ("by", by)]).increment()
    }

    // MARK: Doors and background work

    /// A control-socket command, by name (`conversation.show`, …) and result (`ok` or the error code).
    public static func controlCommand(_ name: String, result: String) {
        counters("twowayd_control_commands_total", [("command", name), ("result", result)]).increment()
    }

    /// A media download attempt, by result (`stored`, `retry`, `failed`).
    public static func mediaDownload(result: String) {
        counters("twowayd_media_downloads_total", [("result", result)]).increment()
    }

    /// The build's version as an info metric: `twowayd_build_info{version="…"} 1`.
    public static func buildInfo(version: String) {
        Gauge(label: "twowayd_build_info", dimensions: [("version", version)]).record(1)
    }

    /// Creates the unlabelled series now, so a scrape shows them at 0 before their first event
    /// (Prometheus's advice: a series that appears late breaks rates and alerts).
    public static func prepare() {
        for counter in [inboundStored, inboundDuplicates, sessionEvictions, afterHoursReplies, profilesCompleted] {
            counter.increment(by: 0)
        }
        for gauge in [outboxDepth, outboxOldestDueAge, liveSessions] { gauge.record(0) }
    }

    // MARK: Handles with labels, created once

    private static let counters = Handles<Counter> { Counter(label: $0, dimensions: $1) }
}

/// Metric handles by (name, labels), created on first use.
final class Handles<Handle: Sendable>: Sendable {
    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    private let make: @Sendable (String, [(String, String)]) -> Handle
    private let handles = Mutex<[Key: Handle]>([:])

    init(_ make: @escaping @Sendable (String, [(String, String)]) -> Handle) {
        self.make = make
    }

    /// The handle of `name` with `labels`, made the first time.
    func callAsFunction(_ name: String, _ labels: [(String, String)]) -> Handle {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return handles.withLock { handles in
            if let existing = handles[key] { return existing }
            let created = make(name, labels)
            handles[key] = created
            return created
        }
    }
}
