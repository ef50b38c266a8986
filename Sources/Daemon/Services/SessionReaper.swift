import CMalloc
import Logging
import NIOPosix
import Routing
import ServiceLifecycle

/// Every `sessions.reapIntervalSeconds`, drops the phone sessions that were idle longer than
/// `sessions.idleTimeoutSeconds`; they are rebuilt from the store on their number's next text.
///
/// The interval is read again every `pollSlice` (1 s), not only once per wait, so a reload
/// takes effect within a second: shortening it from a day to a second reaps at once (when
/// the last pass is more than a second old), lengthening it postpones the next pass.
///
/// After a pass that dropped many sessions the freed heap is handed back to the system with
/// glibc's `malloc_trim`: glibc keeps freed memory for reuse otherwise, so the process would
/// stay at its peak size after the sessions of 1,000,000 numbers were evicted.
struct SessionReaper: Service {
    let router: Router
    /// The current interval.
    let interval: @Sendable () -> Duration
    let logger: Logger
    /// How often the interval is read again while waiting.
    var pollSlice: Duration = .seconds(1)
    /// A pass that drops at least this many sessions returns the freed memory to the system.
    var trimMinimum = 1_000

    func run() async {
        await cancelWhenGracefulShutdown {
            var lastPass = ContinuousClock.now
            while !Task.isCancelled {
                let now = ContinuousClock.now
                let due = lastPass + interval()
                if now < due {
                    do {
                        try await Task.sleep(for: min(due - now, pollSlice))
                    } catch {
                        return
                    }
                    continue
                }
                await reapOnce()
                lastPass = ContinuousClock.now
            }
        }
    }

    /// One pass: evicts the idle sessions, and trims the heap when that freed a lot.
    func reapOnce() async {
        let evicted = await router.evictIdleSessions()
        guard evicted > 0 else { return }
        logger.debug("idle phone sessions dropped", metadata: [
            "event": "sessions_evicted", "count": "\(evicted)",
        ])
        let remaining = await router.liveSessionCount
        guard Self.shouldTrim(evicted: evicted, remaining: remaining, minimum: trimMinimum) else { return }
        let start = ContinuousClock.now
        // It blocks for 0.1-0.2 s after 1,000,000 sessions (walking every arena); NIO's
        // blocking-I/O pool keeps it off the cooperative threads.
        let released: Bool
        do {
            released = try await NIOThreadPool.singleton.runIfActive { twoway_malloc_trim(0) == 1 }
        } catch {
            return  // the pool is inactive only while the process exits
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info("returned the memory of evicted phone sessions to the system", metadata: [
            "event": "memory_trimmed", "evicted": "\(evicted)", "live_sessions": "\(remaining)",
            "released": "\(released)", "duration_ms": "\(milliseconds)",
        ])
    }

    /// Whether a pass that dropped `evicted` sessions and left `remaining` is worth a
    /// `malloc_trim`: when it dropped at least `minimum`, or at least 100 that were a quarter
    /// or more of the sessions (a small daemon whose sessions all went idle). A trim walks every
    /// malloc arena, so it is not done for a handful of sessions.
    static func shouldTrim(evicted: Int, remaining: Int, minimum: Int) -> Bool {
        if evicted >= minimum { return true }
        return evicted >= 100 && evicted * 4 >= evicted + remaining
    }
}
