/// Wakes a polling worker: explicitly through ``wake()`` (new work was written) and at least
/// every `interval` (work that became due by time, such as a retry). Wake-ups that arrive
/// while the worker is busy collapse into one.
public struct WakeupSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the worker to look now.
    public func wake() {
        continuation.yield()
    }

    /// Runs `body` once at once and then after every wake-up, until the task is cancelled. Runs
    /// on the caller's actor, so `body` may use its state.
    public func loop(
        every interval: Duration, isolation: isolated (any Actor)? = #isolation, _ body: () async -> Void
    ) async {
        let ticker = Task { [continuation] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        defer { ticker.cancel() }
        continuation.yield()
        for await _ in stream {
            if Task.isCancelled { break }
            await body()
        }
    }

    /// Runs `body` at once, then again after a wake-up or at the instant the previous run
    /// returned, whichever comes first, until the task is cancelled; never sooner than
    /// `minimumInterval` after the previous run began: the wake-ups meanwhile collapse into one
    /// run, so a worker woken on every write does not work on every write. Runs on the caller's
    /// actor, so `body` may use its state.
    public func loop(
        minimumInterval: Duration, isolation: isolated (any Actor)? = #isolation,
        _ body: () async -> ContinuousClock.Instant
    ) async {
        var alarm: Task<Void, Never>?
        defer { alarm?.cancel() }
        continuation.yield()
        for await _ in stream {
            if Task.isCancelled { break }
            let began = ContinuousClock.now
            let next = await body()
            alarm?.cancel()
            alarm = Task { [continuation] in
                do {
                    try await Task.sleep(until: next, clock: .continuous)
                    continuation.yield()
                } catch {
                    // Replaced by a later run's alarm, or the loop ended.
                }
            }
            do {
                try await Task.sleep(until: began.advanced(by: minimumInterval), clock: .continuous)
            } catch {
                break
            }
        }
    }
}
