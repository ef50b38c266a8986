import Control
import Foundation
import TextingCore
import TextingStore

/// The practice platform's webhook endpoints and the events on their way to them (V1): for the
/// people who run the daemon (the control socket) only, since an endpoint receives every
/// message of a practice.
extension Operations {
    /// Adds an endpoint with a new `whsec_` secret, answered this once.
    ///
    /// - Throws: `auth.forbidden` for accounts; `practice.not_found`; `webhook.invalid_url` for
    ///   anything but an http(s) URL; `webhook.unknown_event_type`.
    public func addWebhook(_ caller: Caller, _ arguments: WebhookAddCommand) async throws -> WebhookEndpointInfo {
        try caller.requireSystemAdministrator()
        let practice = try await practiceID(for: caller, arguments.practice)
        let url = Arguments.trimmed(arguments.url)
        if let problem = WebhookEndpointRules.problem(url: url) {
            throw TextingError(.init("webhook.invalid_url"), "The endpoint URL is refused: \(problem).")
        }
        let types: Set<EventType>?
        switch WebhookEndpointRules.eventTypes(arguments.events?.map(Arguments.trimmed).filter { !$0.isEmpty }) {
        case .success(let chosen): types = chosen
        case .failure(let unknown): throw TextingError(.init("webhook.unknown_event_type"), unknown.message.capitalizedFirst + ".")
        }
        let secret = WebhookSigner.newSecret()
        let added = try await router.store.addEventEndpoint(EventEndpointRecord(
            id: 0, practiceID: practice, url: url, eventTypes: types, secret: secret, secretCredential: nil,
            source: .control, createdAt: Date()))
        var info = Self.info(added)
        info.secret = secret
        return info
    }

    /// The enabled endpoints, without secrets.
    ///
    /// - Throws: `auth.forbidden` for accounts; `practice.not_found` for a practice named that
    ///   does not exist.
    public func listWebhooks(_ caller: Caller, _ arguments: WebhookListCommand) async throws -> WebhookEndpointList {
        try caller.requireSystemAdministrator()
        let practice = try await knownPractice(arguments.practice)
        return WebhookEndpointList(endpoints: try await router.store.eventEndpoints(practice: practice).map(Self.info))
    }

    /// Stops posting to an endpoint added with `webhook add`.
    ///
    /// - Throws: `auth.forbidden` for accounts; `webhook.not_found`; `webhook.configured` for an
    ///   endpoint of the configuration file (removed there, then reload).
    public func removeWebhook(_ caller: Caller, _ arguments: WebhookRemoveCommand) async throws -> WebhookEndpointInfo {
        try caller.requireSystemAdministrator()
        let endpoint = try await router.store.eventEndpoints(practice: nil).first { $0.id == arguments.id }
        guard let endpoint else {
            throw TextingError(.init("webhook.not_found"), "There is no webhook endpoint \(arguments.id).")
        }
        guard endpoint.source == .control else {
            throw TextingError(.init("webhook.configured"),
                               "Webhook endpoint \(arguments.id) comes from the configuration file: remove it there and reload.")
        }
        guard let removed = try await router.store.removeEventEndpoint(arguments.id, at: Date()) else {
            throw TextingError(.init("webhook.not_found"), "There is no webhook endpoint \(arguments.id).")
        }
        return Self.info(removed)
    }

    /// The newest deliveries, optionally only failed ones or one practice's.
    ///
    /// - Throws: `auth.forbidden` for accounts; `practice.not_found`; `control.bad_args`
    ///   for a limit outside 1-1000.
    public func listEvents(_ caller: Caller, _ arguments: EventListCommand) async throws -> EventDeliveryList {
        try caller.requireSystemAdministrator()
        let practice = try await knownPractice(arguments.practice)
        let limit = arguments.limit ?? 50
        guard (1...1000).contains(limit) else { throw Arguments.bad("The limit must be a whole number from 1 to 1000.") }
        let rows = try await router.store.eventDeliveries(
            EventDeliveryFilter(practiceID: practice, failedOnly: arguments.failed ?? false, limit: limit))
        return EventDeliveryList(deliveries: rows.map { row in
            EventDeliveryInfo(
                id: row.id, event: row.eventID, endpoint: row.endpointID, practice: row.practiceID.rawValue,
                type: row.type.rawValue, state: row.state.rawValue, attempts: row.attempts, createdAt: row.createdAt,
                nextAttemptAt: row.state == .pending ? row.nextAttemptAt : nil, deliveredAt: row.deliveredAt,
                lastStatus: row.lastStatus, lastError: row.lastError)
        })
    }

    /// Puts failed deliveries back in line with a new retry window.
    ///
    /// - Throws: `auth.forbidden` for accounts; `control.bad_args` without event ids and
    ///   without `allFailed`, or with both.
    public func retryEvents(_ caller: Caller, _ arguments: EventRetryCommand) async throws -> EventRetryInfo {
        try caller.requireSystemAdministrator()
        let ids = arguments.events ?? []
        let all = arguments.allFailed ?? false
        guard ids.isEmpty != !all else {
            throw Arguments.bad("Name the events to retry, or ask for every failed one (--all-failed), not both.")
        }
        return EventRetryInfo(retried: try await router.store.retryFailedEventDeliveries(eventIDs: all ? nil : ids, at: Date()))
    }

    /// The practice named, checked to exist; nil when none is named.
    private func knownPractice(_ id: Int64?) async throws -> PracticeID? {
        guard let id else { return nil }
        return try await router.practice(PracticeID(id)).id
    }

    static func info(_ endpoint: EventEndpointRecord) -> WebhookEndpointInfo {
        WebhookEndpointInfo(
            id: endpoint.id, practice: endpoint.practiceID.rawValue, url: endpoint.url,
            events: endpoint.eventTypes.map { $0.map(\.rawValue).sorted() }, source: endpoint.source.rawValue,
            secretCredential: endpoint.secretCredential, secret: nil, createdAt: endpoint.createdAt)
    }
}

extension String {
    /// The text with its first letter in upper case.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
