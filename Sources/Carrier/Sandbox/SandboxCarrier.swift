import Foundation
import TextingCore

/// A carrier that never leaves the machine: every sent text lands in a simulated handset inbox
/// of its recipient, with a simulated delivery outcome.
///
/// Outcomes are chosen by the recipient's last four digits so tests and demos can provoke each
/// one: `0003`, `0005`, `0006`, `0007` end undelivered with error 30003/30005/30006/30007;
/// `1610` is refused at send time with 21610 (the recipient opted out with the carrier);
/// `0429` is throttled (20429, retryable) on every other attempt; everything else is delivered.
public actor SandboxCarrier: CarrierClient {
    /// One text as the simulated handset received it.
    public struct HandsetMessage: Hashable, Sendable, Codable {
        public var sid: String
        public var from: PhoneNumber
        public var body: String
        public var state: DeliveryState
        public var errorCode: Int?
        public var sequence: Int
    }

    private var inboxes: [PhoneNumber: [HandsetMessage]] = [:]
    private var sequence = 0
    private var throttleToggle = false
    /// Called after each accepted message with its final simulated state, as a carrier's
    /// status callback would be.
    private var statusListener: (@Sendable (String, DeliveryState, Int?) async -> Void)?

    public init() {}

    /// Registers where simulated status callbacks go.
    public func onStatus(_ listener: @escaping @Sendable (String, DeliveryState, Int?) async -> Void) {
        statusListener = listener
    }

    public func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt {
        let suffix = String(request.to.e164.suffix(4))
        if suffix == "1610" {
            throw CarrierError(code: CarrierErrorCode.recipientUnsubscribed,
                               message: "Attempt to send to unsubscribed recipient", retryable: false)
        }
        if suffix == "0429" {
            throttleToggle.toggle()
            if throttleToggle { throw CarrierError(code: 20429, message: "Too Many Requests", retryable: true) }
        }
        sequence += 1
        let sid = "SMsandbox" + String(format: "%023d", sequence)
        let failure: Int? = switch suffix {
        case "0003": 30003
        case "0005": 30005
        case "0006": 30006
        case "0007": 30007
        default: nil
        }
        let state: DeliveryState = failure == nil ? .delivered : .undelivered
        inboxes[request.to, default: []].append(
            HandsetMessage(sid: sid, from: request.from, body: request.body, state: state, errorCode: failure,
                           sequence: sequence))
        if let listener = statusListener {
            Task { await listener(sid, state, failure) }
        }
        return CarrierReceipt(sid: sid, state: .queued)
    }

    /// What the handset of `number` has received, oldest first.
    public func inbox(_ number: PhoneNumber) -> [HandsetMessage] {
        inboxes[number] ?? []
    }

    /// Every handset's messages, for tests that count.
    public func allMessages() -> [HandsetMessage] {
        inboxes.values.flatMap { $0 }.sorted { $0.sequence < $1.sequence }
    }
}
