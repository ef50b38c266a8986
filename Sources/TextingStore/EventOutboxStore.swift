import Foundation
import TextingCore

/// The durable outbox of events for the practice platform's webhook endpoints (V1).
public protocol EventOutboxStore: Sendable {
}
