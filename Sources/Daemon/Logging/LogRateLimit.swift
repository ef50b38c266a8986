import Logging
import Synchronization

/// Lets at most `limit` log lines of one kind through in each `window`, and counts the others,
/// so a flood of bad requests (anyone who can reach the port can send forged webhooks) cannot
/// fill the journal. The first line after a suppressed stretch says how many were dropped.
final class LogRateLimit: Sendable {
    private struct State {
        var windowStart: ContinuousClock.Instant?
        var passed = 0
        var suppressed = 0
    }

    let limit: Int
    let window: Duration
    private let state = Mutex(State())

    init(limit: Int, per window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Whether a line may be logged at `now`: nil when it must be dropped, otherwise how many
    /// lines were dropped since the last one that passed (usually 0).
    func admit(at now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            if let start = state.windowStart, now < start.advanced(by: window) {
                guard state.passed < limit else {
                    state.suppressed += 1
                    return nil
                }
            } else {
                state.windowStart = now
                state.passed = 0
            }
            state.passed += 1
            defer { state.suppressed = 0 }
            return state.suppressed
        }
    }

    /// Logs `message` at `level` to `logger` if ``admit(at:)`` lets it through, with the
    /// metadata `suppressed` (how many lines were dropped before it) when that is not 0.
    func log(
        _ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
        metadata: @autoclosure () -> Logger.Metadata, to logger: Logger
    ) {
        guard let suppressed = admit() else { return }
        var metadata = metadata()
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        logger.log(level: level, message(), metadata: metadata)
    }
}
