import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Operations
import Routing
import TextingCore
import TextingStore
import TwowayMetrics

/// Posts the event outbox to the practice platform's endpoints (V1), signed per the Standard
/// Webhooks specification (``WebhookSigner``).
///
/// A delivery is posted only when it is first in line for its endpoint and ordering key (the
/// store's ``EventOutboxStore/dueEventDeliveries(now:limit:excluding:)``), so the events of one
/// conversation arrive in order; different keys and endpoints are posted in parallel, at most
/// ``Configuration/concurrency`` at once. A 2xx answer delivers; any other answer, a timeout or
/// a connection error is retried by ``EventRetryPolicy`` until its window is over, then the
/// delivery is failed and kept. Deliveries a killed daemon left `sending` are pending again at
/// start: receivers may get an event twice and drop repeats by its `webhook-id`.
public actor EventWebhookSender {
    /// How the sender posts and retries.
    public struct Configuration: Sendable {
        var retry: EventRetryPolicy
        /// Seconds an endpoint has to answer.
        var timeoutSeconds: Int64
        var concurrency: Int
        /// The longest wait between two looks at the outbox.
        var pollInterval: Duration
        /// Seconds an event every endpoint received is kept.
        var keepDelivered: Double

        public init(retryWindowSeconds: Double, initialDelaySeconds: Double, maxDelaySeconds: Double, timeoutSeconds: Int,
                    concurrency: Int, pollIntervalSeconds: Double, keepDeliveredDays: Int = 30) {
            retry = EventRetryPolicy(window: retryWindowSeconds, initialDelay: initialDelaySeconds, maxDelay: maxDelaySeconds)
            self.timeoutSeconds = Int64(timeoutSeconds)
            self.concurrency = max(concurrency, 1)
            pollInterval = .milliseconds(Int64((pollIntervalSeconds * 1000).rounded()))
            keepDelivered = Double(keepDeliveredDays) * 86_400
        }
    }

    private let store: any EventOutboxStore
    private let configuration: Configuration
    private let secret: @Sendable (EventEndpointRecord) -> String?
    private let configuredEndpoints: @Sendable () -> [EventEndpointRecord]
    private let clock: @Sendable () -> Date
    private let logger: Logger
    /// Made when ``run()`` starts and shut down when it ends (a client must be shut down before
    /// it is released, so none is made for a daemon that fails to start).
    private var client: HTTPClient?
    private let signal = WakeupSignal()
    private var inFlight: [Int64: Task<Void, Never>] = [:]
    private var syncedEndpoints: [EventEndpointRecord]?
    /// When delivered events were last pruned.
    private var prunedAt: Date?

    /// - Parameters:
    ///   - secret: the `whsec_` secret of an endpoint: its own, or the one in its credential file
    ///     read now.
    ///   - configuredEndpoints: the configuration file's endpoints, asked before each look at the
    ///     outbox; a change (a reload) is written to the store.
    public init(
        store: any EventOutboxStore, configuration: Configuration,
        secret: @escaping @Sendable (EventEndpointRecord) -> String?,
        configuredEndpoints: @escaping @Sendable () -> [EventEndpointRecord] = { [] },
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.secret = secret
        self.configuredEndpoints = configuredEndpoints
        self.clock = clock
        self.logger = logger
    }

    /// Asks the sender to look at the outbox now.
    public nonisolated func wake() { signal.wake() }

    /// Posts until the task is cancelled, then lets the posts in flight finish (each bounded by
    /// the timeout) and shuts the HTTP client down.
    public func run() async {
        var settings = HTTPClient.Configuration()
        settings.redirectConfiguration = .disallow
        settings.timeout.connect = .seconds(configuration.timeoutSeconds)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.client = client
        TwowayMetrics.prepareEventDeliveries()
        let token = EventOutboxSignal.addListener { [signal] in signal.wake() }
        do {
            let resumed = try await store.resumeInterruptedEventDeliveries()
            if resumed > 0 {
                logger.notice("event deliveries interrupted by a stop are pending again", metadata: [
                    "event": "event_deliveries_resumed", "count": "\(resumed)",
                ])
            }
        } catch {
            logger.error("cannot resume interrupted event deliveries: \(error)", metadata: [
                "event": "event_outbox_error", "error": "\(error)",
            ])
        }
        // Wake-ups (a commit with events, a post finished) collapse to one look per 50 ms, so a
        // burst of texts does not read the outbox once per text.
        await signal.loop(minimumInterval: .milliseconds(50)) {
            await self.fill()
            return ContinuousClock.now.advanced(by: configuration.pollInterval)
        }
        EventOutboxSignal.removeListener(token)
        for task in inFlight.values { await task.value }
        try? await client.shutdown()
    }

    /// Starts posts for the due deliveries while there is room.
    private func fill() async {
        await syncConfiguredEndpoints()
        await pruneDelivered()
        let room = configuration.concurrency - inFlight.count
        guard room > 0 else { return }
        let due: [DueEventDelivery]
        do {
            due = try await store.dueEventDeliveries(now: clock(), limit: room, excluding: Set(inFlight.keys))
        } catch {
            logger.error("cannot read the event outbox: \(error)", metadata: ["event": "event_outbox_error", "error": "\(error)"])
            return
        }
        // Claimed together, so the claims share one commit of the store.
        let store = self.store
        let now = clock()
        let claimed = await withTaskGroup(of: (DueEventDelivery, (any Error)?)?.self) { group in
            for item in due {
                group.addTask {
                    do {
                        return try await store.claimEventDelivery(item.delivery.id, at: now) ? (item, nil) : nil
                    } catch {
                        return (item, error)
                    }
                }
            }
            var claimed: [(DueEventDelivery, (any Error)?)] = []
            for await result in group { if let result { claimed.append(result) } }
            return claimed
        }
        for (item, error) in claimed {
            if let error {
                logger.error("cannot claim an event delivery: \(error)", metadata: [
                    "event": "event_outbox_error", "error": "\(error)",
                ])
                continue
            }
            inFlight[item.delivery.id] = Task { await self.deliver(item) }
        }
    }

    private func finished(_ id: Int64) {
        inFlight[id] = nil
        signal.wake()
    }

    /// At most once an hour, deletes events older than ``Configuration/keepDelivered`` that
    /// every endpoint received, a thousand at a time.
    private func pruneDelivered() async {
        let now = clock()
        if let prunedAt, now.timeIntervalSince(prunedAt) < 3_600 { return }
        prunedAt = now
        do {
            var deleted = 0
            while true {
                let count = try await store.pruneDeliveredEvents(before: now.addingTimeInterval(-configuration.keepDelivered),
                                                                 limit: 1_000)
                deleted += count
                if count < 1_000 { break }
            }
            if deleted > 0 {
                logger.info("delivered events pruned", metadata: ["event": "events_pruned", "count": "\(deleted)"])
            }
        } catch {
            logger.error("cannot prune delivered events: \(error)", metadata: [
                "event": "event_outbox_error", "error": "\(error)",
            ])
        }
    }

    private func syncConfiguredEndpoints() async {
        let wanted = configuredEndpoints()
        guard wanted != syncedEndpoints else { return }
        do {
            try await store.syncConfiguredEventEndpoints(wanted, at: clock())
            syncedEndpoints = wanted
        } catch {
            logger.error("cannot apply the configured webhook endpoints: \(error)", metadata: [
                "event": "event_outbox_error", "error": "\(error)",
            ])
        }
    }

    /// One attempt, and its outcome recorded.
    private func deliver(_ item: DueEventDelivery) async {
        defer { finished(item.delivery.id) }
        let started = clock()
        let outcome: EventDeliveryOutcome
        let (status, problem) = await post(item, at: started)
        if let status, (200..<300).contains(status) {
            outcome = .delivered(status: status, at: clock())
        } else {
            let now = clock()
            var generator = SystemRandomNumberGenerator()
            if let next = configuration.retry.nextAttempt(
                after: item.delivery.attempts + 1, firstAttempt: item.delivery.firstAttemptAt ?? started, now: now,
                using: &generator) {
                outcome = .retry(at: next, status: status, error: problem)
            } else {
                outcome = .failed(status: status, error: problem)
            }
        }
        do {
            try await store.recordEventDelivery(item.delivery.id, outcome: outcome)
        } catch {
            logger.error("cannot record an event delivery: \(error)", metadata: [
                "event": "event_outbox_error", "error": "\(error)",
            ])
            return
        }
        var metadata: Logger.Metadata = [
            "event": "event_delivery", "event_id": "\(item.delivery.eventID)", "endpoint": "\(item.endpoint.id)",
            "practice": "\(item.delivery.practiceID)", "type": "\(item.delivery.type.rawValue)",
            "attempt": "\(item.delivery.attempts + 1)",
        ]
        if let status { metadata["status"] = "\(status)" }
        switch outcome {
        case .delivered:
            TwowayMetrics.eventDelivery(result: .delivered)
            logger.debug("event delivered", metadata: metadata)
        case .retry(let at, _, _):
            TwowayMetrics.eventDelivery(result: .retried)
            metadata["retry_at"] = "\(EventPayload.timestamp(at))"
            metadata["error"] = "\(problem)"
            logger.info("event not delivered, will retry", metadata: metadata)
        case .failed:
            TwowayMetrics.eventDelivery(result: .failed)
            metadata["error"] = "\(problem)"
            logger.warning("event delivery failed for good; twowayctl events retry sends it again", metadata: metadata)
        }
    }

    /// Posts the event; the HTTP status when the endpoint answered, and the problem in words
    /// when it is not a 2xx.
    private func post(_ item: DueEventDelivery, at now: Date) async -> (Int?, String) {
        guard let secret = secret(item.endpoint), let signer = WebhookSigner(secret: secret) else {
            let name = item.endpoint.secretCredential.map { "in the credential \($0) " } ?? ""
            return (nil, "The endpoint's secret \(name)is missing or does not start with whsec_.")
        }
        let body = Data(item.payload.utf8)
        var request = HTTPClientRequest(url: item.endpoint.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "twowayd")
        for header in signer.headers(
            id: WebhookSigner.messageID(event: item.delivery.eventID), timestamp: Int64(now.timeIntervalSince1970), body: body) {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(Array(body))
        guard let client else { return (nil, "The sender is not running.") }
        do {
            let response = try await client.execute(request, timeout: .seconds(configuration.timeoutSeconds))
            let status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 1 << 20)
            return (status, "The endpoint answered HTTP \(status).")
        } catch {
            return (nil, "The post failed: \(error)")
        }
    }
}
