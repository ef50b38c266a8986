import Foundation
import Logging
import Routing
import TextingCore
import TextingStore
import TwowayMetrics

/// Fetches inbound media after their text is stored and acknowledged (R4, D1).
///
/// Works through the store's pending files: each is fetched (``MediaFetcher``), written to the
/// media folder (``MediaStore``) and recorded as stored; a retryable failure is tried again after
/// `2^(attempt)` seconds (at most 10 minutes, with ±20 % jitter) until
/// ``MediaSettings/downloadMaxAttempts`` attempts have failed; a final failure (too large, a type
/// outside the allowlist, an HTTP status that will not change) is recorded at once. Staff see the
/// state on the message's media list: pending → stored, or failed with the reason.
///
/// Nothing is kept in memory between runs: a restart finds pending files in the store and goes
/// on. The webhook ``wake()``s the downloader after acknowledging a text with media; otherwise
/// it looks every ``Configuration/pollInterval``.
public actor MediaDownloader {
    /// Timing of the downloader.
    public struct Configuration: Sendable {
        /// The delay before the second attempt; it doubles with each further attempt.
        public var baseRetryDelay: Duration
        /// The longest delay between attempts.
        public var maxRetryDelay: Duration
        /// How often the store is looked at when nothing woke the downloader.
        public var pollInterval: Duration
        /// Downloads in progress at once.
        public var concurrency: Int

        public init(baseRetryDelay: Duration = .seconds(2), maxRetryDelay: Duration = .seconds(600),
                    pollInterval: Duration = .seconds(5), concurrency: Int = 4) {
            self.baseRetryDelay = baseRetryDelay
            self.maxRetryDelay = maxRetryDelay
            self.pollInterval = pollInterval
            self.concurrency = concurrency
        }
    }

    let store: any MessageStore
    let files: MediaStore
    let fetcher: MediaFetcher
    let settings: @Sendable () -> MediaSettings
    let configuration: Configuration
    let logger: Logger
    let clock: @Sendable () -> Date
    private let wakeups = WakeupSignal()
    /// Ids being fetched now, so overlapping drains never fetch one file twice at once.
    private var inFlight: Set<String> = []

    /// - Parameters:
    ///   - settings: read before every download, so a reload applies to the next one.
    ///   - clock: "now" for due times and retry times (tests move it).
    public init(
        store: any MessageStore, files: MediaStore, fetcher: MediaFetcher, settings: @escaping @Sendable () -> MediaSettings,
        configuration: Configuration = .init(), logger: Logger = Logger(label: "twowayd.media"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.files = files
        self.fetcher = fetcher
        self.settings = settings
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    /// Asks the downloader to look for pending files now.
    public nonisolated func wake() {
        wakeups.wake()
    }

    /// Removes half-written files of an earlier run, then downloads until the task is cancelled.
    public func run() async {
        let removed = files.removePartialFiles()
        if removed > 0 {
            logger.notice("removed unfinished media files", metadata: ["event": "media_partials_removed", "count": "\(removed)"])
        }
        await wakeups.loop(every: configuration.pollInterval) { await drainOnce() }
    }

    /// Attempts every download due now (each at most once); returns how many were attempted.
    @discardableResult
    public func drainOnce() async -> Int {
        let due: [MediaRecord]
        do {
            due = try await store.dueMediaDownloads(now: clock(), limit: 100)
        } catch {
            logger.error("pending media could not be read", metadata: ["event": "media_error", "error": "\(error)"])
            return 0
        }
        let work = due.filter { !inFlight.contains($0.id) }
        inFlight.formUnion(work.map(\.id))
        defer { inFlight.subtract(work.map(\.id)) }
        let settings = settings()
        let width = max(configuration.concurrency, 1)
        await withTaskGroup(of: Void.self) { group in
            for (index, record) in work.enumerated() {
                if index >= width { await group.next() }
                if Task.isCancelled { break }
                group.addTask { await self.download(record, settings: settings) }
            }
        }
        return work.count
    }

    /// One attempt at one file, recorded in the store.
    private nonisolated func download(_ record: MediaRecord, settings: MediaSettings) async {
        let attachment = record.attachment
        let outcome: MediaDownloadOutcome
        if let source = attachment.sourceURL {
            let fetched = await fetcher.fetch(
                source, declaredType: attachment.contentType, credentials: settings.credentials,
                maxBytes: settings.maxBytes, allowlist: settings.allowlist, timeout: settings.downloadTimeout)
            switch fetched {
            case .fetched(let bytes, let contentType):
                do {
                    let name = try files.write(bytes, id: record.id, contentType: contentType)
                    outcome = .stored(storedPath: name, byteCount: bytes.count, contentType: contentType)
                } catch {
                    outcome = retryOrFail(record, settings: settings, reason: "The file could not be saved: \(error.message)")
                }
            case .retryable(let reason):
                outcome = retryOrFail(record, settings: settings, reason: reason)
            case .refused(let reason):
                outcome = .failed(reason: reason)
            }
        } else {
            outcome = .failed(reason: "The carrier gave no URL for this file.")
        }
        if Task.isCancelled, case .retry = outcome {
            return  // stopped by shutdown: not an attempt; the file stays pending for the next start
        }
        do {
            try await store.recordMediaDownload(record.id, outcome: outcome)
            TwowayMetrics.mediaDownload(result: outcome.metricResult)
        } catch {
            logger.error("media download outcome not stored; it will be attempted again", metadata: [
                "event": "media_error", "media": "\(record.id)", "error": "\(error)",
            ])
            return
        }
        var metadata: Logger.Metadata = [
            "media": "\(record.id)", "message": "\(record.messageID)", "attempt": "\(record.attempts + 1)",
        ]
        if let practice = record.practiceID { metadata["practice"] = "\(practice)" }
        switch outcome {
        case .stored(_, let bytes, let contentType):
            metadata["event"] = "media_stored"
            metadata["bytes"] = "\(bytes)"
            metadata["content_type"] = "\(contentType)"
            logger.info("inbound media stored", metadata: metadata)
        case .retry(let at, let error):
            metadata["event"] = "media_retry"
            metadata["error"] = "\(error)"
            metadata["next_attempt"] = "\(at.formatted(.iso8601))"
            logger.warning("inbound media download failed; will retry", metadata: metadata)
        case .failed(let reason):
            metadata["event"] = "media_failed"
            metadata["reason"] = "\(reason)"
            logger.error("inbound media could not be stored", metadata: metadata)
        }
    }

    /// A retry after the backoff, or the final failure when this was the last attempt allowed.
    private nonisolated func retryOrFail(_ record: MediaRecord, settings: MediaSettings, reason: String) -> MediaDownloadOutcome {
        let attempt = record.attempts + 1
        guard attempt < settings.downloadMaxAttempts else {
            return .failed(reason: "Gave up after \(attempt) \(attempt == 1 ? "attempt" : "attempts"): \(reason)")
        }
        return .retry(at: clock().addingTimeInterval(retryDelay(afterAttempt: attempt)), error: reason)
    }

    /// `baseRetryDelay * 2^(attempt-1)`, capped at `maxRetryDelay`, ±20 % jitter.
    nonisolated func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        let base = Self.seconds(configuration.baseRetryDelay)
        let cap = Self.seconds(configuration.maxRetryDelay)
        let delay = min(base * pow(2, Double(min(attempt - 1, 30))), cap)
        return delay * Double.random(in: 0.8...1.2)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension MediaDownloadOutcome {
    /// The outcome's value of the `result` label.
    var metricResult: String {
        switch self {
        case .stored: "stored"
        case .retry: "retry"
        case .failed: "failed"
        }
    }
}
