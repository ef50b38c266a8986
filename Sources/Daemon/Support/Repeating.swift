import ServiceLifecycle

/// Runs `body` every `interval()` (read again before each wait, so a reload can change it)
/// until the task is cancelled or the service group begins a graceful shutdown. Returns
/// normally in both cases, as a service that stops on request should.
func repeatUntilShutdown(
    every interval: @escaping @Sendable () -> Duration, _ body: @escaping @Sendable () async -> Void
) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval())
            } catch {
                return
            }
            await body()
        }
    }
}
