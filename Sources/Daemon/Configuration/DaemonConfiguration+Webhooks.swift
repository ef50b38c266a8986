import Foundation
import TextingCore
import Operations
import TextingStore

extension DaemonConfiguration {
    /// The practice platform's webhook endpoints and their retries (V1). Endpoints are applied
    /// at start and on reload; the rest is read at start.
    public struct Webhooks: Sendable, Hashable, Codable {
        /// Endpoints from the configuration file, beside those added with `twowayctl webhook add`.
        public var endpoints: [Endpoint] = []
        /// How long and how often a delivery is retried.
        public var retry = Retry()
        /// Seconds an endpoint has to answer one post before the attempt counts as failed.
        public var timeoutSeconds = 10
        /// Posts in flight at once, over every endpoint and ordering key.
        public var concurrency = 8
        /// Seconds between looks at the outbox for deliveries that became due by time (new events
        /// of this daemon are posted at once).
        public var pollIntervalSeconds = 1.0
        /// Days an event every endpoint received is kept (listed by `events list`) before it is
        /// deleted; failed and undelivered events are kept until they are delivered.
        public var keepDeliveredDays = 30

        public init() {}

        /// One endpoint: a practice's events go to ``url``, signed with the secret in the
        /// credential file ``secretCredential``.
        public struct Endpoint: Sendable, Hashable, Codable {
            public var practice: Int64
            /// An `http` or `https` URL.
            public var url: String
            /// The event types it receives; nil for all.
            public var events: [String]?
            /// The credential file that holds the endpoint's `whsec_` secret.
            public var secretCredential: String

            public init(practice: Int64, url: String, events: [String]?, secretCredential: String) {
                self.practice = practice
                self.url = url
                self.events = events
                self.secretCredential = secretCredential
            }
        }

        /// Exponential backoff with full jitter: attempt n waits a random time up to
        /// min(``maxDelaySeconds``, ``initialDelaySeconds`` × 2ⁿ⁻¹); after ``windowSeconds`` since
        /// the first attempt a delivery is failed (kept and listed).
        public struct Retry: Sendable, Hashable, Codable {
            /// At least 24 hours in production; smaller values (tests) are logged as a warning.
            public var windowSeconds = 86_400.0
            public var initialDelaySeconds = 5.0
            public var maxDelaySeconds = 3_600.0

            public init() {}
        }
    }
}

extension DaemonConfiguration.Webhooks {
    static let keys = ["endpoints", "retry", "timeoutSeconds", "concurrency", "pollIntervalSeconds", "keepDeliveredDays"]
    static let endpointKeys = ["practice", "url", "events", "secretCredential"]
    static let retryKeys = ["windowSeconds", "initialDelaySeconds", "maxDelaySeconds"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "webhooks")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let number = try object.wholeNumber("timeoutSeconds", in: 1...300) { timeoutSeconds = number }
        if let number = try object.wholeNumber("concurrency", in: 1...256) { concurrency = number }
        if let number = try object.number("pollIntervalSeconds", in: 0.05...60) { pollIntervalSeconds = number }
        if let number = try object.wholeNumber("keepDeliveredDays", in: 1...3650) { keepDeliveredDays = number }
        if let nested = object.value("retry") {
            let retryObject = try ConfigObjectReader(nested, path: object.keyPath("retry"), knownKeys: Self.retryKeys)
            if let number = try retryObject.number("windowSeconds", in: 1...(90 * 86_400)) { retry.windowSeconds = number }
            if let number = try retryObject.number("initialDelaySeconds", in: 0.01...86_400) { retry.initialDelaySeconds = number }
            if let number = try retryObject.number("maxDelaySeconds", in: 0.01...86_400) { retry.maxDelaySeconds = number }
        }
        if let list = object.value("endpoints") {
            guard case .array(let items) = list else {
                throw ConfigurationError(.invalidValue, keyPath: object.keyPath("endpoints"),
                                         problem: "expected a list of endpoints, found \(list.quoted)")
            }
            endpoints = try items.enumerated().map { (index, item) throws(ConfigurationError) in
                try Self.endpoint(item, path: "\(object.keyPath("endpoints"))[\(index)]")
            }
        }
    }

    private static func endpoint(_ value: ConfigValue, path: String) throws(ConfigurationError) -> Endpoint {
        let object = try ConfigObjectReader(value, path: path, knownKeys: endpointKeys)
        guard let practice = try object.wholeNumber("practice", in: 1...Int.max) else {
            throw ConfigurationError(.missingValue, keyPath: object.keyPath("practice"), problem: "the practice id is required")
        }
        guard let url = try object.string("url") else {
            throw ConfigurationError(.missingValue, keyPath: object.keyPath("url"), problem: "the endpoint URL is required")
        }
        if let problem = WebhookEndpointRules.problem(url: url) {
            throw ConfigurationError(.invalidValue, keyPath: object.keyPath("url"), problem: problem)
        }
        var events: [String]?
        if case .string(let text)? = object.value("events") {
            guard text == "all" else {
                throw ConfigurationError(.invalidValue, keyPath: object.keyPath("events"),
                                         problem: "expected \"all\" or a list of event types, found \(ConfigValue.jsonQuoted(text))")
            }
        } else if let names = try object.strings("events") {
            if case .failure(let unknown) = WebhookEndpointRules.eventTypes(names) {
                throw ConfigurationError(.invalidValue, keyPath: object.keyPath("events"), problem: unknown.message)
            }
            events = names
        }
        guard let credential = try object.string("secretCredential") else {
            throw ConfigurationError(.missingValue, keyPath: object.keyPath("secretCredential"),
                                     problem: "the name of the credential file holding the endpoint's whsec_ secret is required")
        }
        return Endpoint(practice: Int64(practice), url: url, events: events, secretCredential: credential)
    }

    /// The endpoints as the store keeps them.
    func endpointRecords(at date: Date) -> [EventEndpointRecord] {
        endpoints.map { endpoint in
            let types = (try? WebhookEndpointRules.eventTypes(endpoint.events).get()) ?? nil
            return EventEndpointRecord(
                id: 0, practiceID: PracticeID(endpoint.practice), url: endpoint.url, eventTypes: types, secret: nil,
                secretCredential: endpoint.secretCredential, source: .config, createdAt: date)
        }
    }
}
