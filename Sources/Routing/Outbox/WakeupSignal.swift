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
}
