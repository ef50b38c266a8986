import Foundation
import TextingCore
import TextingStore

extension ForwardingStore {
    public func addEventEndpoint(_ endpoint: EventEndpointRecord) async throws -> EventEndpointRecord {
        try await base.addEventEndpoint(endpoint)
    }
    public func eventEndpoints(practice: PracticeID?) async throws -> [EventEndpointRecord] {
        try await base.eventEndpoints(practice: practice)
    }
    public func removeEventEndpoint(_ id: Int64, at: Date) async throws -> EventEndpointRecord? {
        try await base.removeEventEndpoint(id, at: at)
    }
    public func syncConfiguredEventEndpoints(_ endpoints: [EventEndpointRecord], at: Date) async throws {
        try await base.syncConfiguredEventEndpoints(endpoints, at: at)
    }
    public func dueEventDeliveries(now: Date, limit: Int, excluding: Set<Int64>) async throws -> [DueEventDelivery] {
        try await base.dueEventDeliveries(now: now, limit: limit, excluding: excluding)
    }
    public func claimEventDelivery(_ id: Int64, at: Date) async throws -> Bool { try await base.claimEventDelivery(id, at: at) }
    public func recordEventDelivery(_ id: Int64, outcome: EventDeliveryOutcome) async throws {
        try await base.recordEventDelivery(id, outcome: outcome)
    }
    public func resumeInterruptedEventDeliveries() async throws -> Int { try await base.resumeInterruptedEventDeliveries() }
    public func eventDeliveries(_ filter: EventDeliveryFilter) async throws -> [EventDeliveryRecord] {
        try await base.eventDeliveries(filter)
    }
    public func retryFailedEventDeliveries(eventIDs: [Int64]?, at: Date) async throws -> Int {
        try await base.retryFailedEventDeliveries(eventIDs: eventIDs, at: at)
    }
    public func pruneDeliveredEvents(before: Date, limit: Int) async throws -> Int {
        try await base.pruneDeliveredEvents(before: before, limit: limit)
    }
}
