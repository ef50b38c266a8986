import CoreMetrics

extension TwowayMetrics {
    /// An attempt to post an event to a platform endpoint (V1), by result: `delivered` (2xx),
    /// `retried` (it will be tried again) or `failed` (the retry window is over).
    public static func eventDelivery(result: EventDeliveryResult) {
        eventDeliveryCounters[result.rawValue]?.increment()
    }

    /// Creates the three series at 0, so a scrape shows them before the first post (called when
    /// the sender starts).
    public static func prepareEventDeliveries() {
        for counter in eventDeliveryCounters.values { counter.increment(by: 0) }
    }

    /// The results of ``eventDelivery(result:)``.
    public enum EventDeliveryResult: String, Sendable, CaseIterable {
        case delivered
        case retried
        case failed
    }

    private static let eventDeliveryCounters: [String: Counter] = Dictionary(
        uniqueKeysWithValues: EventDeliveryResult.allCases.map {
            ($0.rawValue, Counter(label: "twowayd_event_deliveries_total", dimensions: [("result", $0.rawValue)]))
        })
}
