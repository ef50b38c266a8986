import Foundation
import TextingCore

/// The durable outbox of events for the practice platform's webhook endpoints (V1).
///
/// Events are written by the store itself, inside the transactions of the changes they report
/// (a session's batch, a send's outcome, a delivery status), for every enabled endpoint of the
/// practice whose filter takes them; this protocol manages the endpoints and hands the
/// deliveries to the sender. A delivery goes out only after every earlier one of its endpoint
/// and ordering key (the conversation, else the practice and phone number) was delivered or
/// failed.
public protocol EventOutboxStore: Sendable {
    /// Adds an endpoint; the id in `endpoint` is ignored.
    func addEventEndpoint(_ endpoint: EventEndpointRecord) async throws -> EventEndpointRecord
    /// The enabled endpoints of a practice, or of every practice when nil, oldest first.
    func eventEndpoints(practice: PracticeID?) async throws -> [EventEndpointRecord]
    /// Disables an endpoint: it gets no new events, and its deliveries not yet made become
    /// failed (kept and listed). Nil when there is no enabled endpoint with that id.
    func removeEventEndpoint(_ id: Int64, at: Date) async throws -> EventEndpointRecord?
    /// Makes the endpoints from the configuration file exactly `endpoints` (matched by practice,
    /// URL and secret credential; their event filters updated), leaving control ones alone. The
    /// ids and dates in `endpoints` are ignored; new ones are dated `at`.
    func syncConfiguredEventEndpoints(_ endpoints: [EventEndpointRecord], at: Date) async throws

    /// Up to `limit` pending deliveries due at `now` that are first in line for their endpoint
    /// and ordering key, less those in `excluding`, oldest first.
    func dueEventDeliveries(now: Date, limit: Int, excluding: Set<Int64>) async throws -> [DueEventDelivery]
    /// Claims a pending delivery for one attempt (state `sending`, one more attempt, the first
    /// attempt's time kept); false when it is not pending any more.
    func claimEventDelivery(_ id: Int64, at: Date) async throws -> Bool
    /// Records what the attempt came to.
    func recordEventDelivery(_ id: Int64, outcome: EventDeliveryOutcome) async throws
    /// Puts deliveries left `sending` by a daemon that died back to pending (at-least-once).
    func resumeInterruptedEventDeliveries() async throws -> Int
    /// Deliveries, newest first.
    func eventDeliveries(_ filter: EventDeliveryFilter) async throws -> [EventDeliveryRecord]
    /// Puts the failed deliveries of the events `eventIDs` (every failed one when nil) back to
    /// pending, due at `at`, with a new retry window; returns how many.
    func retryFailedEventDeliveries(eventIDs: [Int64]?, at: Date) async throws -> Int
    /// Deletes up to `limit` events older than `before` that every endpoint received (with
    /// their deliveries); failed and undelivered ones stay. Returns how many were deleted.
    func pruneDeliveredEvents(before: Date, limit: Int) async throws -> Int
}
