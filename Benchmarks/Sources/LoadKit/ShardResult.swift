import Histogram

/// What one shard measured.
struct ShardResult: Sendable {
    /// Latency in microseconds of the answers inside the measured window.
    var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000,
                                      numberOfSignificantValueDigits: .three)
    var sent = 0
    var answered = 0
    var answeredInWindow = 0
    var statuses: [Int: Int] = [:]
    var non2xx = 0
    /// Requests written whose connection closed before the answer.
    var lost = 0
    /// Requests still unanswered when the drain timeout ended the run.
    var unanswered = 0
    /// Open loop: requests that were due but never got a connection.
    var unsent = 0
    var connectFailures = 0
    var overloaded = false
    var acknowledged: [LoadRequest] = []
    var windowNanoseconds: UInt64 = 0
    var lastAnswerAt: UInt64 = 0
}
